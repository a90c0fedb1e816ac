package dev.switchboard;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.internal.assembly.ClientAssembly;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Position;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.ProviderConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Builds a {@link ModelClient}. Options come in groups, one per concern:
 *
 * <ul>
 *   <li>where calls go: {@link #provider}, {@link #route}, {@link #defaultModel}, {@link
 *       #timeouts};
 *   <li>resilience: {@link #resilience(ResilienceSettings)} (global policy and per-provider and
 *       per-model overrides in one value);
 *   <li>features of their own modules: {@link #with(PipelineFeature)}, for example cost tracking
 *       ({@code CostTracking} in {@code switchboard-cost}) and compliance with audit ({@code
 *       Compliance} in {@code switchboard-compliance});
 *   <li>time: {@link #clock(SwitchboardClock)}, the one clock behind deadlines, backoff, budget
 *       periods, BAA expiry and audit time stamps;
 *   <li>extension: {@link #addInterceptor}, {@link #addListener}, {@link #executor}.
 * </ul>
 *
 * <p>Start from {@link ModelClient#builder()} or, to add to a config file, {@link
 * ModelClient#builder(SwitchboardConfig)}. Not thread-safe; build once, share the client.
 *
 * @since 0.1
 */
public final class ModelClientBuilder {
  private final Map<String, ModelProvider> providers = new LinkedHashMap<>();
  private final Map<String, ProviderConfig> providerConfigs = new LinkedHashMap<>();
  private final Map<String, Route> routes = new LinkedHashMap<>();
  private final List<CallInterceptor> perCall = new ArrayList<>();
  private final List<CallInterceptor> perAttempt = new ArrayList<>();
  private final List<CallListener> listeners = new ArrayList<>();
  private final Map<String, PipelineFeature> features = new LinkedHashMap<>();
  private ResilienceSettings.Builder resilience = ResilienceSettings.builder();
  private String defaultModel;
  private String defaultEmbeddingModel;
  private Timeouts timeouts = Timeouts.DEFAULTS;
  private Executor executor;
  private SwitchboardClock clock = SwitchboardClock.system();

  ModelClientBuilder() {}

  /**
   * Takes providers, models, default model, timeouts, resilience settings, the clock (when the
   * config sets one) and the features (cost, compliance) from a loaded config. Its global
   * resilience policy replaces one set earlier; its overrides are added; its features replace
   * earlier features of the same name.
   */
  public ModelClientBuilder config(SwitchboardConfig config) {
    Checks.notNull(config, "config");
    providerConfigs.putAll(config.providers());
    routes.putAll(config.models());
    config.defaultModel().ifPresent(m -> defaultModel = m);
    config.defaultEmbeddingModel().ifPresent(m -> defaultEmbeddingModel = m);
    timeouts = config.timeouts();
    resilience.merge(config.resilience());
    features.putAll(config.features());
    config.clock().ifPresent(c -> clock = c);
    return this;
  }

  // --- where calls go ---------------------------------------------------------------------

  /** Adds a provider instance under its {@link ModelProvider#id()}. The client closes it. */
  public ModelClientBuilder provider(ModelProvider provider) {
    Checks.notNull(provider, "provider");
    providers.put(provider.id(), provider);
    return this;
  }

  /** Adds a provider created from its config by the factory registered for its type. */
  public ModelClientBuilder provider(String id, ProviderConfig config) {
    providerConfigs.put(Checks.notBlank(id, "id"), Checks.notNull(config, "config"));
    return this;
  }

  /** Serves a logical model from the given route. */
  public ModelClientBuilder route(String logicalModel, Route route) {
    routes.put(Checks.notBlank(logicalModel, "logicalModel"), Checks.notNull(route, "route"));
    return this;
  }

  /** The model used when a request names none. */
  public ModelClientBuilder defaultModel(String logicalModel) {
    this.defaultModel = logicalModel;
    return this;
  }

  /**
   * The model used when an embedding request names none; without it such a request gets the {@link
   * #defaultModel default model}. The config's {@code default-embedding-model} sets it.
   *
   * @since 0.3
   */
  public ModelClientBuilder defaultEmbeddingModel(String logicalModel) {
    this.defaultEmbeddingModel = logicalModel;
    return this;
  }

  /** Connect, read and per-call timeouts; {@link Timeouts#DEFAULTS} unless set. */
  public ModelClientBuilder timeouts(Timeouts timeouts) {
    this.timeouts = Checks.notNull(timeouts, "timeouts");
    return this;
  }

  // --- resilience -------------------------------------------------------------------------

  /**
   * The resilience settings: the global policy and its per-provider and per-model overrides. They
   * replace all resilience settings given earlier (a config file's included); to change a config
   * file's settings, start from {@code config.resilience().toBuilder()}.
   *
   * <pre>{@code
   * builder.resilience(ResilienceSettings.builder()
   *     .global(ResiliencePolicy.ofDefaults())
   *     .provider("foundry-us", p -> p.withRateLimit(RateLimitPolicy.perMinute(600, 90_000)))
   *     .build());
   * }</pre>
   */
  public ModelClientBuilder resilience(ResilienceSettings settings) {
    resilience = Checks.notNull(settings, "settings").toBuilder();
    return this;
  }

  /**
   * Replaces the global policy, keeping per-provider and per-model overrides; by default {@link
   * ResiliencePolicy#ofDefaults()}.
   */
  public ModelClientBuilder resilience(ResiliencePolicy policy) {
    resilience.global(Checks.notNull(policy, "policy"));
    return this;
  }

  // --- features ---------------------------------------------------------------------------

  /**
   * Adds a pipeline feature (cost tracking, compliance and audit), replacing one of the same
   * {@linkplain PipelineFeature#name() name}, such as the one a config file set up.
   */
  public ModelClientBuilder with(PipelineFeature feature) {
    Checks.notNull(feature, "feature");
    features.put(feature.name(), feature);
    return this;
  }

  /**
   * Removes the feature of this name (for example {@code "cost"} for a config-built client in a
   * test).
   */
  public ModelClientBuilder without(String featureName) {
    features.remove(Checks.notNull(featureName, "featureName"));
    return this;
  }

  // --- time -------------------------------------------------------------------------------

  /**
   * The client's one clock: deadlines, backoff, rate limits, circuit breakers, budget periods, cost
   * records, BAA expiry and the time stamps of an audit trail opened from settings (a trail given
   * as an instance keeps its own clock); the system's by default. Tests pass a virtual clock so
   * that retries take no time and periods can be crossed.
   */
  public ModelClientBuilder clock(SwitchboardClock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return this;
  }

  // --- extension --------------------------------------------------------------------------

  /** Adds an interceptor at a documented position; see {@link Stage} for the whole order. */
  public ModelClientBuilder addInterceptor(Position position, CallInterceptor interceptor) {
    Checks.notNull(interceptor, "interceptor");
    (Checks.notNull(position, "position") == Position.PER_CALL ? perCall : perAttempt)
        .add(interceptor);
    return this;
  }

  /** Adds a listener. Listeners observe; they cannot change or break a call. */
  public ModelClientBuilder addListener(CallListener listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /** The executor for {@code chatAsync} and {@code embedAsync}; by default the client's own. */
  public ModelClientBuilder executor(Executor executor) {
    this.executor = Checks.notNull(executor, "executor");
    return this;
  }

  /**
   * Creates the providers, installs the features and assembles the client.
   *
   * @throws IllegalStateException if a route names an unknown provider, the default model is not a
   *     route, no route is configured, a resilience override names an unknown provider or model, or
   *     a feature is misconfigured
   * @throws IllegalArgumentException if a resilience override produces an invalid policy
   * @throws dev.switchboard.error.SwitchboardException if a feature's resource cannot be opened (a
   *     ledger file held by another process, a database that cannot be reached)
   */
  public ModelClient build() {
    ClientAssembly assembly =
        new ClientAssembly(
            providers,
            providerConfigs,
            routes,
            defaultModel,
            defaultEmbeddingModel,
            timeouts,
            resilience.build(),
            clock,
            features,
            perCall,
            perAttempt,
            listeners,
            executor);
    return new ModelClient(assembly.assemble());
  }
}
