package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.config.SwitchboardConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The W3C trace context over real HTTP on loopback: the local OpenAI-compatible adapter against
 * WireMock. Only providers named for propagation get a {@code traceparent}, and it names the
 * attempt's span.
 */
class TraceContextPropagationTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  @RegisterExtension final LoopbackChatServer server = new LoopbackChatServer("chatcmpl-7");

  @Test
  void traceparentGoesOnlyToProvidersNamedForItAndNamesTheAttemptSpan() {
    SwitchboardConfig config =
        TelemetryFixtures.config(
            "providers:\n"
                + server.provider("ours", "localhost")
                + "\n"
                + server.provider("vendor", "localhost")
                + """

                models:
                  ward: { targets: [ { provider: ours, model: llama-3-8b } ] }
                  outside: { targets: [ { provider: vendor, model: llama-3-8b } ] }
                """);
    SwitchboardTelemetry telemetry =
        TelemetryFixtures.telemetry(otel, config)
            .endpoint("ours", java.net.URI.create(server.baseUrl()))
            .propagateTraceContextTo("ours")
            .build();
    try (ModelClient client = telemetry.installOn(ModelClient.builder(config)).build()) {
      client.chat(ChatRequest.builder().model("ward").user("Summarize.").build());
      client.chat(ChatRequest.builder().model("outside").user("Summarize.").build());
    }
    List<LoggedRequest> requests = server.chatPosts();
    assertThat(requests).hasSize(2);
    SpanData ward =
        otel.getSpans().stream()
            .filter(s -> s.getName().equals("chat llama-3-8b"))
            .filter(
                s ->
                    "ours"
                        .equals(
                            s.getAttributes().get(AttributeKey.stringKey("switchboard.provider"))))
            .findFirst()
            .orElseThrow();
    String expected =
        "00-"
            + ward.getTraceId()
            + "-"
            + ward.getSpanId()
            + "-"
            + ward.getSpanContext().getTraceFlags().asHex();
    LoggedRequest toOurs =
        requests.stream().filter(r -> r.containsHeader("traceparent")).findFirst().orElseThrow();
    assertThat(toOurs.getHeader("traceparent")).isEqualTo(expected);
    assertThat(requests.stream().filter(r -> !r.containsHeader("traceparent")).count())
        .isEqualTo(1);
    assertThat(ward.getAttributes().get(AttributeKey.stringKey("gen_ai.provider.name")))
        .isEqualTo("openai");
    assertThat(ward.getAttributes().get(AttributeKey.stringKey("server.address")))
        .isEqualTo("localhost");
    assertThat(ward.getAttributes().get(AttributeKey.stringKey("gen_ai.response.id")))
        .isEqualTo("chatcmpl-7");
  }
}
