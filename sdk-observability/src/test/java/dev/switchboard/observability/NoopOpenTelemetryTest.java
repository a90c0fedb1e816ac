package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.observability.internal.Names;
import dev.switchboard.usage.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.junit.jupiter.api.Test;

/**
 * What telemetry does when nothing would keep what it builds: on the OpenTelemetry API without an
 * SDK it does not follow calls at all, and for spans the sampler drops it builds no attributes but
 * still measures.
 */
class NoopOpenTelemetryTest {

  private static MockProvider mock() {
    return MockProvider.builder()
        .id("m")
        .chunkSize(1)
        .reply(MockReply.text("Stable; discharge home.").withUsage(Usage.of(42, 7)))
        .build();
  }

  private static ModelClientBuilder client(MockProvider mock) {
    return ModelClient.builder().provider(mock).route("notes", Route.of("m", "x"));
  }

  @Test
  void onTheApiWithoutAnSdkNoCallIsFollowed() {
    SwitchboardTelemetry noop =
        SwitchboardTelemetry.builder().openTelemetry(OpenTelemetry.noop()).build();
    // The same telemetry on a meter that records: it follows an open stream until it ends.
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SwitchboardTelemetry recording =
        SwitchboardTelemetry.builder().openTelemetry(metricsOnly(reader)).build();
    try (ModelClient a = noop.installOn(client(mock())).build();
        ModelClient b = recording.installOn(client(mock())).build();
        ChatStream streamA = a.stream(ChatRequest.builder().user("Summarize.").build());
        ChatStream streamB = b.stream(ChatRequest.builder().user("Summarize.").build())) {
      assertThat(recording.openCalls()).isEqualTo(1);
      assertThat(noop.openCalls()).isZero();
      assertThat(streamA.response().text()).isEqualTo("Stable; discharge home.");
      assertThat(streamB.response().text()).isEqualTo("Stable; discharge home.");
    }
    assertThat(recording.openCalls()).isZero();
    assertThat(reader.collectAllMetrics())
        .extracting(MetricData::getName)
        .contains(Names.OPERATION_DURATION, Names.TOKEN_USAGE);
  }

  @Test
  void noopOpenTelemetryWithAMicrometerRegistryStillMeasuresIntoMicrometer() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(OpenTelemetry.noop())
            .micrometer(registry)
            .build();
    try (ModelClient client = t.installOn(client(mock())).build()) {
      client.chat(ChatRequest.builder().user("Summarize.").build());
    }
    assertThat(registry.get(Names.OPERATION_DURATION).timer().count()).isEqualTo(1);
  }

  @Test
  void spansTheSamplerDropsAreNotExportedButTheCallIsStillMeasured() {
    InMemorySpanExporter spans = InMemorySpanExporter.create();
    InMemoryMetricReader reader = InMemoryMetricReader.create();
    SdkTracerProvider tracing =
        SdkTracerProvider.builder()
            .setSampler(Sampler.alwaysOff())
            .addSpanProcessor(SimpleSpanProcessor.create(spans))
            .build();
    SdkMeterProvider metering = SdkMeterProvider.builder().registerMetricReader(reader).build();
    OpenTelemetry otel = of(tracing, metering);
    SwitchboardTelemetry t = SwitchboardTelemetry.builder().openTelemetry(otel).build();
    try (ModelClient client = t.installOn(client(mock())).build();
        ChatStream stream = client.stream(ChatRequest.builder().user("Summarize.").build())) {
      assertThat(stream.response().usage()).isEqualTo(Usage.of(42, 7));
    }
    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(reader.collectAllMetrics())
        .extracting(MetricData::getName)
        .contains(Names.OPERATION_DURATION, Names.TOKEN_USAGE, Names.TIME_TO_FIRST_TOKEN);
    assertThat(t.openCalls()).isZero();
    tracing.close();
    metering.close();
  }

  /** Metrics into this reader, no tracing (the API's no-op tracer provider). */
  private static OpenTelemetry metricsOnly(InMemoryMetricReader reader) {
    return of(
        TracerProvider.noop(), SdkMeterProvider.builder().registerMetricReader(reader).build());
  }

  private static OpenTelemetry of(TracerProvider tracing, MeterProvider metering) {
    return new OpenTelemetry() {
      @Override
      public TracerProvider getTracerProvider() {
        return tracing;
      }

      @Override
      public MeterProvider getMeterProvider() {
        return metering;
      }

      @Override
      public ContextPropagators getPropagators() {
        return ContextPropagators.create(W3CTraceContextPropagator.getInstance());
      }
    };
  }
}
