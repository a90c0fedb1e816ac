package dev.switchboard.wire.internal.anthropic;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.util.ArrayList;
import java.util.List;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class AnthropicStreamSourceTest {
  /**
   * WireMock's own JUnit extension starts and stops the server, instead of a static field and two
   * hooks.
   */
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(options().bindAddress("127.0.0.1").dynamicPort())
          .build();

  static final HttpTransport transport = HttpTransport.create();

  @AfterAll
  static void stop() {
    transport.close();
  }

  private static List<ChatEvent> drain(String body) {
    server.stubFor(
        post(urlEqualTo("/m"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withHeader("request-id", "req_9")
                    .withBody(body)));
    Request req =
        new Request.Builder()
            .url(server.baseUrl() + "/m")
            .post(HttpTransport.json(new byte[] {'{', '}'}))
            .build();
    AttemptContext ctx = AttemptContext.forModel("claude");
    List<ChatEvent> out = new ArrayList<>();
    try (AnthropicStreamSource s =
        new AnthropicStreamSource(transport.send(req, ctx, ErrorContext.of("p", "claude")), ctx)) {
      ChatEvent e;
      while ((e = s.next()) != null) out.add(e);
    }
    return out;
  }

  private static String event(String type, String json) {
    return "event: " + type + "\ndata: " + json + "\n\n";
  }

  @Test
  void textFromBlockStartAndDeltasPingsIgnoredUsageMerged() {
    String body =
        event(
                "message_start",
                "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_7\",\"model\":\"claude-x\","
                    + "\"usage\":{\"input_tokens\":12,\"cache_read_input_tokens\":3,\"output_tokens\":1}}}")
            + event("ping", "{\"type\":\"ping\"}")
            + event(
                "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"Pa\"}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"tient\"}}")
            + event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"thinking_delta\",\"thinking\":\"x\"}}")
            + event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}")
            + event(
                "message_delta",
                "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"max_tokens\"},\"usage\":{\"output_tokens\":7}}")
            + event("message_stop", "{\"type\":\"message_stop\"}");
    List<ChatEvent> events = drain(body);
    assertThat(events)
        .filteredOn(e -> e instanceof ChatEvent.TextDelta)
        .extracting(e -> ((ChatEvent.TextDelta) e).text())
        .containsExactly("Pa", "tient");
    assertThat(events)
        .filteredOn(e -> e instanceof ChatEvent.UsageUpdate)
        .extracting(e -> ((ChatEvent.UsageUpdate) e).usage())
        .containsExactly(new Usage(15, 3, 7, 0));
    ChatResponse done = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
    assertThat(done.finishReason()).isEqualTo(FinishReason.LENGTH);
    assertThat(done.responseId()).contains("msg_7");
    assertThat(done.model()).isEqualTo("claude-x");
    assertThat(done.requestId()).contains("req_9");
  }
}
