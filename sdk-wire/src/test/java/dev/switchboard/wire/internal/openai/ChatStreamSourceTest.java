package dev.switchboard.wire.internal.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.WireResponse;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ChatStreamSourceTest {
  static WireMockServer server;
  static HttpTransport transport;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    transport = HttpTransport.create();
  }

  @AfterAll
  static void stop() {
    transport.close();
    server.stop();
  }

  private static ChatStreamSource stream(String body, OpenAiDialect dialect) {
    server.stubFor(
        post(urlEqualTo("/s"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withHeader("apim-request-id", "apim-9")
                    .withHeader("x-ms-region", "Sweden Central")
                    .withBody(body)));
    Request req =
        new Request.Builder()
            .url(server.baseUrl() + "/s")
            .post(HttpTransport.json(new byte[] {'{', '}'}))
            .build();
    AttemptContext ctx = AttemptContext.forModel("m");
    WireResponse r = transport.send(req, ctx, ErrorContext.of("p", "m"));
    return new ChatStreamSource(r, ctx, dialect);
  }

  private static List<ChatEvent> drain(ChatStreamSource s) {
    List<ChatEvent> out = new ArrayList<>();
    ChatEvent e;
    while ((e = s.next()) != null) out.add(e);
    return out;
  }

  private static String data(String json) {
    return "data: " + json + "\n\n";
  }

  @Test
  void azureStreamWithFilterFirstChunkNoDeltaChunkAndUsageChunk() {
    String body =
        data(
                "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,"
                    + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":{\"filtered\":false,\"detected\":false}}}]}")
            + ": keep-alive\n\n"
            + data(
                "{\"id\":\"c1\",\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}],\"usage\":null}")
            + data(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"},\"content_filter_results\":{\"violence\":{\"filtered\":false,\"severity\":\"low\"}}}]}")
            + data(
                "{\"id\":\"\",\"choices\":[{\"index\":0,\"finish_reason\":null,\"content_filter_offsets\":{\"check_offset\":0,\"start_offset\":0,\"end_offset\":3},"
                    + "\"content_filter_results\":{\"sexual\":{\"filtered\":false,\"severity\":\"safe\"}}}]}")
            + data("{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"lo\"}}]}")
            + data(
                "{\"id\":\"c1\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}")
            + data(
                "{\"id\":\"c1\",\"choices\":[],\"usage\":{\"prompt_tokens\":9,\"completion_tokens\":2,\"total_tokens\":11,"
                    + "\"prompt_tokens_details\":{\"cached_tokens\":3}}}")
            + "data: [DONE]\n\n";
    List<ChatEvent> events = drain(stream(body, OpenAiDialect.OPENAI));
    assertThat(events)
        .filteredOn(e -> e instanceof ChatEvent.TextDelta)
        .extracting(e -> ((ChatEvent.TextDelta) e).text())
        .containsExactly("Hel", "lo");
    assertThat(events).filteredOn(e -> e instanceof ChatEvent.UsageUpdate).hasSize(1);
    ChatResponse done = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(done.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(done.usage()).isEqualTo(new Usage(9, 3, 2, 0));
    assertThat(done.requestId()).contains("apim-9");
    assertThat(done.metadata()).containsEntry("x-ms-region", "Sweden Central");
    assertThat(done.responseId()).contains("c1");
    assertThat(done.model()).isEqualTo("gpt-4o");
    assertThat(done.safety().orElseThrow().categories())
        .extracting(c -> c.name())
        .containsExactly("hate", "jailbreak", "violence", "sexual");
  }

  @Test
  void toolCallFragmentsAreKeyedByIndexAndInterleaved() {
    String body =
        data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}}]}}]}")
            + data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"{\\\"y\\\"\"}}]}}]}")
            + data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"x\\\":1}\"}}]}}]}")
            + data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\":2}\"}}]}}]}")
            + data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")
            + "data: [DONE]\n\n";
    List<ChatEvent> events = drain(stream(body, OpenAiDialect.OPENAI));
    List<ChatEvent.ToolCallDelta> deltas =
        events.stream()
            .filter(e -> e instanceof ChatEvent.ToolCallDelta)
            .map(e -> (ChatEvent.ToolCallDelta) e)
            .toList();
    assertThat(deltas).extracting(ChatEvent.ToolCallDelta::index).containsExactly(0, 1, 0, 1);
    assertThat(deltas.get(2).argumentsFragment()).isEqualTo("{\"x\":1}");
    assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).response().finishReason())
        .isEqualTo(FinishReason.TOOL_CALLS);
  }

  @Test
  void toolCallFragmentsWithoutIndexAreKeyedById() {
    String body =
        data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\"\"}}]}}]}")
            + data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_b\",\"function\":{\"name\":\"g\",\"arguments\":\"{}\"}}]}}]}")
            + data(
                "{\"choices\":[{\"index\":0,\"delta\":{\"tool_calls\":[{\"id\":\"call_a\",\"function\":{\"name\":\"f\",\"arguments\":\":1}\"}}]}}]}")
            + data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]}")
            + "data: [DONE]\n\n";
    List<Integer> indexes =
        drain(stream(body, OpenAiDialect.OPENAI)).stream()
            .filter(e -> e instanceof ChatEvent.ToolCallDelta)
            .map(e -> ((ChatEvent.ToolCallDelta) e).index())
            .toList();
    assertThat(indexes).containsExactly(0, 1, 0);
  }

  @Test
  void streamCutBeforeDoneIsAnError() {
    ChatStreamSource s =
        stream(
            data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}")
                + data("{\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"),
            OpenAiDialect.OPENAI);
    assertThat(s.next()).isInstanceOf(ChatEvent.TextDelta.class);
    assertThatThrownBy(s::next)
        .isInstanceOf(TransportException.class)
        .hasMessageContaining("[DONE]");
  }

  @Test
  void aMalformedFrameIsANonRetryableDecodingError() {
    ChatStreamSource s =
        stream(
            data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"partial\"}}]}")
                + data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":")
                + "data: [DONE]\n\n",
            OpenAiDialect.OPENAI);
    assertThat(s.next()).isInstanceOf(ChatEvent.TextDelta.class);
    assertThatThrownBy(s::next)
        .isInstanceOf(dev.switchboard.error.DecodingException.class)
        .satisfies(
            e ->
                assertThat(((dev.switchboard.error.SwitchboardException) e).retryable()).isFalse());
  }

  @Test
  void dialectWithoutDoneCompletesAfterFinishReason() {
    List<ChatEvent> events =
        drain(
            stream(
                data(
                    "{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"length\"}]}"),
                OpenAiDialect.OPENAI.withRequireDone(false)));
    assertThat(((ChatEvent.Completed) events.get(events.size() - 1)).response().finishReason())
        .isEqualTo(FinishReason.LENGTH);
  }

  @Test
  void midStreamErrorEventsThrowTyped() {
    ChatStreamSource s =
        stream(
            data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"}}]}")
                + data(
                    "{\"error\":{\"message\":\"boom\",\"type\":\"InternalServerError\",\"code\":500}}"),
            OpenAiDialect.OPENAI);
    s.next();
    assertThatThrownBy(s::next).isInstanceOf(ServiceUnavailableException.class);
    ChatStreamSource llama =
        stream(
            "error: {\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}\n\n",
            OpenAiDialect.OPENAI);
    assertThatThrownBy(llama::next).isInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void closingEarlyReleasesTheConnection() {
    StringBuilder body = new StringBuilder();
    for (int i = 0; i < 2000; i++)
      body.append(data("{\"choices\":[{\"index\":0,\"delta\":{\"content\":\"tok\"}}]}"));
    body.append("data: [DONE]\n\n");
    ChatStreamSource s = stream(body.toString(), OpenAiDialect.OPENAI);
    s.next();
    s.close();
    s.close();
    assertThatThrownBy(s::next).isInstanceOf(TransportException.class);
    assertThat(
            transport.client().connectionPool().connectionCount()
                - transport.client().connectionPool().idleConnectionCount())
        .isZero();
  }
}
