package dev.switchboard.observability;

import dev.switchboard.config.SwitchboardConfig;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;

/**
 * Set-up shared by the telemetry tests: a config from YAML, the telemetry on it, a span by name.
 */
final class TelemetryFixtures {
  /** One mock provider and one logical model, {@code notes}. */
  static final String MOCK_ONLY =
      """
      providers:
        mock: { type: mock }
      models:
        notes: { provider: mock, model: mock-chat-1 }
      """;

  private TelemetryFixtures() {}

  static SwitchboardConfig config(String yaml) {
    return SwitchboardConfig.parse(yaml, "sb.yaml");
  }

  /** A telemetry builder on the test's in-memory OpenTelemetry SDK, with provider names. */
  static SwitchboardTelemetry.Builder telemetry(
      OpenTelemetryExtension otel, SwitchboardConfig config) {
    return SwitchboardTelemetry.builder().openTelemetry(otel.getOpenTelemetry()).config(config);
  }

  /** The first finished span of this name. */
  static SpanData span(OpenTelemetryExtension otel, String name) {
    return otel.getSpans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + otel.getSpans()));
  }
}
