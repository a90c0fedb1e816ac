package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.pipeline.CallListener;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code server.address} and {@code server.port} come from the endpoint each adapter resolved (its
 * configured URL or its vendor default), reported once when the client is built: nobody has to
 * repeat the URL to the telemetry.
 */
class ServerAttributesTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> SERVER_ADDRESS =
      AttributeKey.stringKey("server.address");
  private static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");

  @RegisterExtension final LoopbackChatServer server = new LoopbackChatServer("chatcmpl-9");

  @Test
  void serverAttributesComeFromTheAdaptersResolvedEndpointWithoutRepeatingIt() {
    SwitchboardConfig config = wardGpu();
    SwitchboardTelemetry telemetry = TelemetryFixtures.telemetry(otel, config).build();
    try (ModelClient client = telemetry.installOn(ModelClient.builder(config)).build()) {
      client.chat(ChatRequest.builder().model("ward").user("Summarize.").build());
    }
    List<SpanData> spans = otel.getSpans();
    assertThat(spans).hasSize(2); // the call and its one attempt
    for (SpanData span : spans) {
      assertThat(span.getAttributes().get(SERVER_ADDRESS)).isEqualTo("127.0.0.1");
      assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo((long) server.port());
    }
  }

  @Test
  void anAdapterOnItsVendorDefaultEndpointReportsThatDefault() {
    // No base-url: the Ollama adapter resolves its default, http://localhost:11434. Nothing is
    // sent: the endpoint is reported when the client is built.
    SwitchboardConfig config =
        SwitchboardConfig.parse(
            """
            providers:
              ollama: { type: ollama }
            models:
              notes: { provider: ollama, model: llama3.2 }
            """,
            "t.yaml");
    List<Map<String, URI>> seen = new CopyOnWriteArrayList<>();
    CallListener listener =
        new CallListener() {
          @Override
          public void clientStarted(ClientStarted event) {
            seen.add(event.endpoints());
          }
        };
    try (ModelClient client = ModelClient.builder(config).addListener(listener).build()) {
      assertThat(client.models()).containsExactly("notes");
    }
    assertThat(seen).containsExactly(Map.of("ollama", URI.create("http://localhost:11434")));
  }

  @Test
  void anExplicitEndpointWinsOverTheResolvedOne() {
    SwitchboardConfig config = wardGpu();
    SwitchboardTelemetry telemetry =
        TelemetryFixtures.telemetry(otel, config)
            .endpoint("ward-gpu", URI.create("https://llm-gateway.hospital.example"))
            .build();
    try (ModelClient client = telemetry.installOn(ModelClient.builder(config)).build()) {
      client.chat(ChatRequest.builder().model("ward").user("Summarize.").build());
    }
    for (SpanData span : otel.getSpans()) {
      assertThat(span.getAttributes().get(SERVER_ADDRESS))
          .isEqualTo("llm-gateway.hospital.example");
      assertThat(span.getAttributes().get(SERVER_PORT)).isEqualTo(443L);
    }
  }

  private SwitchboardConfig wardGpu() {
    return TelemetryFixtures.config(
        "providers:\n"
            + server.provider("ward-gpu", "127.0.0.1")
            + "\nmodels:\n  ward: { targets: [ { provider: ward-gpu, model: llama-3-8b } ] }\n");
  }
}
