package dev.switchboard.bench.observability;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.observability.SwitchboardTelemetry;
import dev.switchboard.usage.Usage;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What telemetry costs per call: a chat (and a stream) through {@link ModelClient} against the mock
 * (no I/O) with {@code telemetry=off} (no telemetry installed: the call path of an application
 * without {@code switchboard-observability}), {@code noop} (installed on the OpenTelemetry API
 * without an SDK, as a library sees it when the application configured none) and {@code sdk}
 * (installed on the OpenTelemetry SDK: spans sampled and built, metrics aggregated; nothing
 * exported, so the exporter's cost is left out) and {@code micrometer} (metrics only, into a
 * Micrometer {@code SimpleMeterRegistry}, as Spring Boot Actuator users run it). Run with {@code
 * -prof gc}: {@code gc.alloc.rate.norm} is the bytes allocated per call, which machine load does
 * not change; {@code off} is the call path with no telemetry module at all.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar TelemetryOverhead -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TelemetryOverheadBenchmark {
  @Param({"off", "noop", "sdk", "micrometer"})
  public String telemetry;

  private MockProvider mock;
  private ModelClient client;
  private ChatRequest request;
  private OpenTelemetrySdk sdk;

  @Setup
  public void setUp() {
    mock =
        MockProvider.builder()
            .reply(MockReply.text("Stable; discharge home.").withUsage(Usage.of(42, 7)))
            .build();
    ModelClientBuilder builder =
        ModelClient.builder().provider(mock).route("summary", Route.of("mock", "mock-chat-1"));
    switch (telemetry) {
      case "off":
        break;
      case "noop":
        SwitchboardTelemetry.builder()
            .openTelemetry(OpenTelemetry.noop())
            .build()
            .installOn(builder);
        break;
      case "sdk":
        sdk =
            OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().build())
                .setMeterProvider(
                    SdkMeterProvider.builder()
                        .registerMetricReader(InMemoryMetricReader.create())
                        .build())
                .build();
        SwitchboardTelemetry.builder().openTelemetry(sdk).build().installOn(builder);
        break;
      case "micrometer":
        // Metrics only, into a Micrometer registry: the Spring Boot Actuator set-up without the
        // OpenTelemetry SDK.
        SwitchboardTelemetry.builder()
            .micrometer(new SimpleMeterRegistry())
            .build()
            .installOn(builder);
        break;
      default:
        throw new IllegalArgumentException("telemetry: " + telemetry);
    }
    client = builder.build();
    request =
        ChatRequest.builder()
            .model("summary")
            .system("Summarize.")
            .user("Patient stable after CAP.")
            .temperature(0.2)
            .build();
  }

  @TearDown
  public void tearDown() {
    client.close();
    if (sdk != null) sdk.close();
  }

  @Benchmark
  public ChatResponse chat() {
    ChatResponse r = client.chat(request);
    mock.clearRequests();
    return r;
  }

  @Benchmark
  public ChatResponse stream() {
    try (ChatStream s = client.stream(request)) {
      ChatResponse r = s.response();
      mock.clearRequests();
      return r;
    }
  }
}
