package dev.switchboard.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.config.SwitchboardConfig;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The W3C trace context over real HTTP on loopback: the local OpenAI-compatible adapter against
 * WireMock. Only providers named for propagation get a {@code traceparent}, and it names the
 * attempt's span.
 */
class TraceContextPropagationTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final String ANSWER =
      """
      {"id":"chatcmpl-7","object":"chat.completion","created":1,"model":"llama-3-8b",
       "choices":[{"index":0,"message":{"role":"assistant","content":"Stable."},"finish_reason":"stop"}],
       "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
      """;

  private WireMockServer server;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(ANSWER)));
  }

  @AfterEach
  void stop() {
    server.stop();
  }

  @Test
  void traceparentGoesOnlyToProvidersNamedForItAndNamesTheAttemptSpan() {
    String yaml =
        """
        providers:
          ours: { type: openai-compatible, server: vllm, base-url: "%1$s/v1" }
          vendor: { type: openai-compatible, server: vllm, base-url: "%1$s/v1" }
        models:
          ward: { targets: [ { provider: ours, model: llama-3-8b } ] }
          outside: { targets: [ { provider: vendor, model: llama-3-8b } ] }
        """
            .formatted(server.baseUrl());
    SwitchboardConfig config = SwitchboardConfig.parse(yaml, "t.yaml");
    SwitchboardTelemetry telemetry =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .endpoint("ours", java.net.URI.create(server.baseUrl()))
            .propagateTraceContextTo("ours")
            .build();
    try (ModelClient client = telemetry.installOn(ModelClient.builder(config)).build()) {
      client.chat(ChatRequest.builder().model("ward").user("Summarize.").build());
      client.chat(ChatRequest.builder().model("outside").user("Summarize.").build());
    }
    // chat POSTs only (the adapter may also probe the server)
    List<LoggedRequest> requests =
        server.getAllServeEvents().stream()
            .map(e -> e.getRequest())
            .filter(r -> r.getMethod().getName().equals("POST"))
            .filter(r -> r.getUrl().startsWith("/v1/chat/completions"))
            .toList();
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
