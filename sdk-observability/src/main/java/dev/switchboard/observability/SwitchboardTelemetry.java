package dev.switchboard.observability;

import dev.switchboard.ModelClientBuilder;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.observability.internal.BudgetBoard;
import dev.switchboard.observability.internal.ContentCaptureGate;
import dev.switchboard.observability.internal.Metrics;
import dev.switchboard.observability.internal.MicrometerMetrics;
import dev.switchboard.observability.internal.OtelMetrics;
import dev.switchboard.observability.internal.TelemetryEngine;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Position;
import dev.switchboard.spi.Checks;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.metrics.MeterProvider;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.TracerProvider;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.opentelemetry.semconv.incubating.GenAiIncubatingAttributes.GenAiProviderNameIncubatingValues;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * OpenTelemetry GenAI telemetry for a {@link dev.switchboard.ModelClient}: one CLIENT span per call
 * ({@code chat {model}}, {@code embeddings {model}}) parented under the caller's current span, one
 * child span per attempt, the GenAI semantic-convention attributes and metrics, and Switchboard's
 * own {@code switchboard.*} attributes and metrics. Metrics can go to OpenTelemetry, to Micrometer,
 * or to both.
 *
 * <pre>{@code
 * SwitchboardTelemetry telemetry = SwitchboardTelemetry.builder()
 *     .openTelemetry(GlobalOpenTelemetry.get())
 *     .config(config)                       // provider names for gen_ai.provider.name
 *     .propagateTraceContextTo("local-llama") // traceparent to our own servers only
 *     .costTagKeys("application")
 *     .build();
 * ModelClient client = telemetry.installOn(ModelClient.builder(config)).build();
 * }</pre>
 *
 * <p>It hooks into the client through a {@link CallListener} and a {@link Position#PER_ATTEMPT}
 * {@link CallInterceptor} only. It never records prompt or answer text, request tags other than the
 * allow-listed cost tag keys, or identifiers, unless content capture is turned on ({@link
 * Builder#captureContent}), which is refused where data is marked as PHI. Immutable and
 * thread-safe; one instance may serve several clients.
 *
 * @since 0.3
 */
public final class SwitchboardTelemetry {
  /**
   * The {@link ConfigException#code()} when content capture is refused because data is marked as
   * PHI (see {@link Builder#captureContent}).
   */
  public static final String CONTENT_CAPTURE_REFUSED = "CONTENT_CAPTURE_REFUSED";

  /** The instrumentation scope name of the spans and metrics. */
  public static final String INSTRUMENTATION_NAME = "dev.switchboard";

  /** A per-attempt interceptor that only proceeds: the part of a telemetry with nothing to do. */
  private static final CallInterceptor PASS_THROUGH = new CallInterceptor() {};

  // null when nothing could be recorded (the OpenTelemetry API's no-op providers, no Micrometer):
  // then not even the engine's classes are loaded, and nothing is installed on a client.
  private final @Nullable TelemetryEngine engine;
  private final boolean captureContent;

  private SwitchboardTelemetry(@Nullable TelemetryEngine engine, boolean captureContent) {
    this.engine = engine;
    this.captureContent = captureContent;
  }

  /** A builder; give it an {@link OpenTelemetry} instance, a Micrometer registry, or both. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Adds the telemetry's listener and per-attempt interceptor to a client builder. On the
   * OpenTelemetry API without an SDK (its no-op tracer and meter providers) and without a
   * Micrometer registry there is nothing to record, and nothing is added: the client's calls cost
   * what they cost without telemetry.
   *
   * <p>With content capture on, it also adds a check that runs when the client is built, against
   * every pipeline feature the client then has (from its config file or added in code, before or
   * after this call): a compliance feature that marks data as PHI fails the build with a {@link
   * ConfigException} of code {@link #CONTENT_CAPTURE_REFUSED}, the same refusal as {@link
   * Builder#build()} gives for a config.
   *
   * @return the same builder
   */
  public ModelClientBuilder installOn(ModelClientBuilder builder) {
    Checks.notNull(builder, "builder");
    if (captureContent) builder.with(new ContentCaptureGate(CONTENT_CAPTURE_REFUSED));
    if (engine == null) return builder;
    return builder.addListener(engine).addInterceptor(Position.PER_ATTEMPT, engine);
  }

  /**
   * The listener part, for clients assembled by hand (see {@link #installOn}).
   *
   * @throws IllegalStateException if content capture is on: only {@link #installOn} checks each
   *     client's features for PHI marks
   */
  public CallListener listener() {
    requireNoCapture();
    return engine == null ? CallListener.NONE : engine;
  }

  /**
   * The per-attempt interceptor part, for clients assembled by hand (see {@link #installOn}).
   *
   * @throws IllegalStateException if content capture is on: only {@link #installOn} checks each
   *     client's features for PHI marks
   */
  public CallInterceptor attemptInterceptor() {
    requireNoCapture();
    return engine == null ? PASS_THROUGH : engine;
  }

  private void requireNoCapture() {
    if (captureContent) {
      throw new IllegalStateException(
          "content capture is on: install the telemetry with installOn(builder), which checks"
              + " each client's features for PHI marks, rather than by hand");
    }
  }

  /**
   * Calls whose start was seen and whose end was not yet (a stream still open, or one dropped
   * without being closed).
   */
  public int openCalls() {
    return engine == null ? 0 : engine.openCalls();
  }

  /**
   * Configures a {@link SwitchboardTelemetry}. Not thread-safe.
   *
   * @since 0.3
   */
  public static final class Builder {
    private OpenTelemetry openTelemetry;
    private MeterRegistry meterRegistry;
    private final Map<String, String> providerNames = new LinkedHashMap<>();
    private final Map<String, URI> endpoints = new LinkedHashMap<>();
    private final Set<String> propagateTo = new LinkedHashSet<>();
    private final Set<String> costTagKeys = new LinkedHashSet<>();
    private SwitchboardConfig config;
    private boolean captureContent;

    private Builder() {}

    /** Spans and metrics through this OpenTelemetry instance (its tracer and meter providers). */
    public Builder openTelemetry(OpenTelemetry openTelemetry) {
      this.openTelemetry = Checks.notNull(openTelemetry, "openTelemetry");
      return this;
    }

    /**
     * Metrics (not spans) also, or only, to this Micrometer registry: for Spring Boot Actuator
     * users without the OpenTelemetry SDK. Needs {@code io.micrometer:micrometer-core} on the class
     * path.
     */
    public Builder micrometer(MeterRegistry registry) {
      this.meterRegistry = Checks.notNull(registry, "registry");
      return this;
    }

    /**
     * Takes each provider's {@code gen_ai.provider.name} from its config type: {@code ollama} is
     * {@code ollama}, {@code openai-compatible} is {@code openai}, {@code foundry} is {@code
     * azure.ai.inference}; other types are reported by their type name. Names set with {@link
     * #providerName} win.
     */
    public Builder config(SwitchboardConfig config) {
      this.config = Checks.notNull(config, "config");
      config.providers().forEach((id, p) -> providerNames.putIfAbsent(id, nameForType(p.type())));
      return this;
    }

    /**
     * The {@code gen_ai.provider.name} of a provider id, such as {@code azure.ai.openai} or {@code
     * anthropic} for a Foundry deployment of that family. Without one, the provider id is reported.
     */
    public Builder providerName(String providerId, String genAiProviderName) {
      providerNames.put(
          Checks.notBlank(providerId, "providerId"),
          Checks.notBlank(genAiProviderName, "genAiProviderName"));
      return this;
    }

    /**
     * The endpoint of a provider, reported as {@code server.address} and {@code server.port}.
     * Rarely needed: each adapter reports the endpoint it resolved (the configured URL or the
     * vendor's default) when the client is built, and that is used unless one is set here, for
     * example to report a proxy's public name.
     */
    public Builder endpoint(String providerId, URI endpoint) {
      Checks.notNull(endpoint, "endpoint");
      Checks.check(endpoint.getHost() != null, "endpoint", "has no host: " + endpoint);
      endpoints.put(Checks.notBlank(providerId, "providerId"), endpoint);
      return this;
    }

    /**
     * Sends the W3C trace context ({@code traceparent}, {@code tracestate}) on the HTTP requests to
     * these providers, so their own traces join the caller's. Off for every provider unless named
     * here: a trace id sent to a third party links its logs to your traces, so name only servers
     * you run or vendors you trust with it.
     */
    public Builder propagateTraceContextTo(String... providerIds) {
      for (String id : providerIds) propagateTo.add(Checks.notBlank(id, "providerId"));
      return this;
    }

    /**
     * Request tag keys whose values label the cost metric ({@code switchboard.tag.<key>}), such as
     * {@code application} or {@code department}. No tag is a label unless named here: tags are
     * free-form, and a label must never carry an identifier.
     */
    public Builder costTagKeys(String... keys) {
      for (String k : keys) costTagKeys.add(Checks.notBlank(k, "costTagKey"));
      return this;
    }

    /**
     * Records the prompt and the answer of successful chat calls on the call span, as the GenAI
     * semantic conventions' opt-in {@code gen_ai.input.messages} and {@code gen_ai.output.messages}
     * (JSON): the messages as sent to the provider (after any compliance transformation) and the
     * answer as the caller receives it. Off by default; for development and synthetic data only.
     *
     * <p>Refused where anything marks data as PHI: a compliance policy that {@linkplain
     * dev.switchboard.compliance.policy.CompliancePolicy#classifiesPhi() classifies requests as
     * PHI} (its detector escalates, which is the default, or a rule matches data class PHI or LDS),
     * or a provider whose compliance profile declares a BAA. The refusal, a {@link ConfigException}
     * with code {@link #CONTENT_CAPTURE_REFUSED} listing each mark, comes at {@link #build()} for
     * the compliance of a {@link #config} given here, and in any case when a client is built with
     * the telemetry {@linkplain #installOn installed}, for the compliance feature that client has,
     * whether from its config file or added in code ({@code builder.with(Compliance...)}). Even
     * where nothing marks PHI, a call whose tags (declared, or raised by detection) say PHI or LDS
     * is not captured: its span gets {@code switchboard.content.withheld=phi} instead.
     */
    public Builder captureContent(boolean capture) {
      this.captureContent = capture;
      return this;
    }

    /**
     * The telemetry.
     *
     * @throws IllegalStateException if neither an OpenTelemetry instance nor a Micrometer registry
     *     was given
     * @throws ConfigException with code {@link #CONTENT_CAPTURE_REFUSED} if content capture is on
     *     and the {@link #config} marks data as PHI, listing each mark by its config path
     */
    public SwitchboardTelemetry build() {
      if (openTelemetry == null && meterRegistry == null) {
        throw new IllegalStateException(
            "SwitchboardTelemetry needs openTelemetry(...) or micrometer(...), or both");
      }
      if (captureContent && config != null) {
        ContentCaptureGate.check(config.features(), config.source(), CONTENT_CAPTURE_REFUSED);
      }
      BudgetBoard budgets = new BudgetBoard();
      Metrics metrics = null;
      // The API's no-op providers (no SDK, no agent) record nothing: build no tracer or meter on
      // them, so that the engine skips the work of spans and labels nobody keeps.
      Tracer tracer = null;
      TextMapPropagator propagator = null;
      if (openTelemetry != null && openTelemetry.getTracerProvider() != TracerProvider.noop()) {
        tracer = openTelemetry.getTracerProvider().get(INSTRUMENTATION_NAME);
        propagator = openTelemetry.getPropagators().getTextMapPropagator();
      }
      if (openTelemetry != null && openTelemetry.getMeterProvider() != MeterProvider.noop()) {
        metrics =
            new OtelMetrics(
                openTelemetry.getMeterProvider().meterBuilder(INSTRUMENTATION_NAME).build(),
                budgets);
      }
      BiConsumer<String, String> budgetSeen = null;
      if (meterRegistry != null) {
        MicrometerMetrics micrometer = new MicrometerMetrics(meterRegistry, budgets);
        metrics = metrics == null ? micrometer : Metrics.both(metrics, micrometer);
        budgetSeen = micrometer::budgetSeen;
      }
      if (tracer == null && metrics == null) return new SwitchboardTelemetry(null, captureContent);
      Map<String, String> names = Map.copyOf(providerNames);
      TelemetryEngine engine =
          new TelemetryEngine(
              new TelemetryEngine.Settings(
                  tracer,
                  propagator,
                  metrics,
                  budgets,
                  id -> names.getOrDefault(id, id),
                  Map.copyOf(endpoints),
                  Set.copyOf(propagateTo),
                  Set.copyOf(List.copyOf(costTagKeys)),
                  budgetSeen,
                  captureContent));
      return new SwitchboardTelemetry(engine, captureContent);
    }

    private static String nameForType(String type) {
      switch (type) {
        case "ollama":
          return "ollama";
        case "openai-compatible":
          return GenAiProviderNameIncubatingValues.OPENAI;
        case "foundry":
          return GenAiProviderNameIncubatingValues.AZURE_AI_INFERENCE;
        default:
          return type;
      }
    }
  }
}
