package dev.switchboard.wire.internal.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ResponseTooLargeException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A stream's bytes are checked like a unary body's: strictly UTF-8, within the provider's limits,
 * and an answer that is no event stream at all says what came back, without its bytes.
 */
class StreamIntegrityTest {
  static final ResponseLimits SMALL = new ResponseLimits(4096, 256, 100, 100);
  static WireMockServer server;
  static HttpTransport transport;
  static final AtomicInteger paths = new AtomicInteger();

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    transport = HttpTransport.create(SMALL);
  }

  @AfterAll
  static void stop() {
    transport.close();
    server.stop();
  }

  private static ChatStreamSource stream(String contentType, byte[] body) {
    String path = "/s" + paths.incrementAndGet();
    server.stubFor(
        post(urlEqualTo(path))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", contentType)
                    .withBody(body)));
    Request req =
        new Request.Builder()
            .url(server.baseUrl() + path)
            .post(HttpTransport.json(new byte[] {'{', '}'}))
            .build();
    AttemptContext ctx = AttemptContext.forModel("m");
    return new ChatStreamSource(
        transport.sendStreaming(req, ctx, ErrorContext.of("gpu-ward", "m")),
        ctx,
        OpenAiDialect.OPENAI);
  }

  private static ChatStreamSource stream(String contentType, String body) {
    return stream(contentType, body.getBytes(StandardCharsets.UTF_8));
  }

  private static void drain(ChatStreamSource s) {
    while (s.next() != null) {
      // read to the end or the failure
    }
  }

  private static String delta(String text) {
    return "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text + "\"}}]}\n\n";
  }

  @Test
  void invalidUtf8InAStreamIsADecodingErrorNotAReplacementCharacter() {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(delta("Jane").getBytes(StandardCharsets.UTF_8));
    body.writeBytes(
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"caf"
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(new byte[] {(byte) 0xC3, (byte) 0x28}); // a broken two-byte sequence
    body.writeBytes("\"}}]}\n\ndata: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
    ChatStreamSource s = stream("text/event-stream", body.toByteArray());
    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("Jane"));
    assertThatThrownBy(s::next)
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("not valid UTF-8")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }

  @Test
  void anHtmlPageIsNotAStreamAndItsTextIsNotEchoed() {
    String page = "<html>\n<body>Sign in to continue: Jane Roe, MRN 12345</body>\n</html>\n";
    ChatStreamSource s = stream("text/html; charset=utf-8", page);
    assertThatThrownBy(() -> drain(s))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("the stream had no events")
        .hasMessageContaining("status 200 with text/html")
        .hasMessageContaining("(" + page.length() + " bytes read)")
        .hasMessageContaining("provider=gpu-ward")
        .hasMessageNotContaining("Jane Roe")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }

  @Test
  void aJsonErrorBodyUnderStatus200IsNotAStream() {
    ChatStreamSource s =
        stream("application/json", "{\"error\":{\"message\":\"quota for Jane Roe\"}}");
    assertThatThrownBy(() -> drain(s))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("status 200 with application/json")
        .hasMessageNotContaining("Jane Roe");
  }

  @Test
  void aLineOverTheLimitEndsTheCallNamingTheLimitAndProvider() {
    ChatStreamSource s = stream("text/event-stream", delta("y".repeat(300)) + "data: [DONE]\n\n");
    assertThatThrownBy(() -> drain(s))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-stream-line (256)")
        .hasMessageContaining("providers.gpu-ward.limits.max-stream-line")
        .satisfies(
            e -> assertThat(((ResponseTooLargeException) e).limit()).isEqualTo("max-stream-line"))
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }

  @Test
  void anEventOfManyShortDataLinesIsBoundedLikeOneLine() {
    ChatStreamSource s = stream("text/event-stream", "data: 0123456789\n".repeat(40) + "\n");
    assertThatThrownBy(() -> drain(s))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-stream-line");
  }

  @Test
  void streamedTextOverTheLimitEndsTheCall() {
    ChatStreamSource s =
        stream("text/event-stream", delta("z".repeat(40)).repeat(3) + "data: [DONE]\n\n");
    assertThat(s.next()).isInstanceOf(ChatEvent.TextDelta.class);
    assertThat(s.next()).isInstanceOf(ChatEvent.TextDelta.class);
    assertThatThrownBy(s::next)
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-streamed-text (100)");
  }

  @Test
  void toolArgumentsOverTheLimitEndTheCall() {
    String first =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"c1\","
            + "\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}\n\n";
    String more =
        "data: {\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,"
            + "\"function\":{\"arguments\":\""
            + "a".repeat(60)
            + "\"}}]}}]}\n\n";
    ChatStreamSource s = stream("text/event-stream", first + more + more + "data: [DONE]\n\n");
    assertThatThrownBy(() -> drain(s))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-tool-arguments (100)");
  }
}
