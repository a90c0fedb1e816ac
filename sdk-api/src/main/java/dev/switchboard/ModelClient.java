package dev.switchboard;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.config.AuditSettings;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.internal.compliance.ComplianceWiring;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.internal.Checks;
import dev.switchboard.internal.InterruptibleFuture;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.internal.cost.CostEngine;
import dev.switchboard.internal.pipeline.GuardedListener;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.resilience.ResilientRoutingStage;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.pipeline.Position;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The one entry point: chat, stream and embed against logical models, through the pipeline of
 * compliance, audit, budgets, routing and resilience, and cost metering. Immutable and
 * thread-safe: create one per application and share it.
 *
 * <pre>{@code
 * try (ModelClient client = ModelClient.fromConfig(Path.of("switchboard.yaml"))) {
 *   ChatResponse answer = client.chat(ChatRequest.builder()
 *       .model("discharge-summary")
 *       .system("Summarize for the receiving clinician.")
 *       .user(noteText)
 *       .build());
 *   System.out.println(answer.text() + " " + answer.usage());
 * }
 * }</pre>
 *
 * <p>Switching the vendor behind a logical model is a config edit; code that calls
 * {@code chat(...)} does not change.
 *
 * @since 0.1
 */
public final class ModelClient implements AutoCloseable {
  private final ProviderRegistry providers;
  private final Map<String, Route> routes;
  private final String defaultModel;
  private final Timeouts timeouts;
  private final CallListener listener;
  private final Pipeline pipeline;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final AuditTrail ownedTrail;
  private final CostEngine cost;
  private volatile boolean closed;

  private ModelClient(Builder b, ProviderRegistry providers, CostEngine cost) {
    this.providers = providers;
    this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(b.routes));
    this.defaultModel = b.defaultModel != null ? b.defaultModel
        : routes.size() == 1 ? routes.keySet().iterator().next() : null;
    this.timeouts = b.timeouts;
    this.listener = GuardedListener.of(b.listeners);
    Map<Stage, CallInterceptor> stages = new EnumMap<>(Stage.class);
    stages.put(Stage.ROUTING, new ResilientRoutingStage(providers, b.resilience.build(), routes, b.resilienceClock));
    this.ownedTrail = b.ownedTrail;
    ComplianceWiring.addStages(stages, b.compliance());
    this.cost = cost;
    if (cost != null) {
      stages.put(Stage.BUDGET, cost.budgetStage());
      stages.put(Stage.METERING, cost.meteringStage());
    }
    this.pipeline = new Pipeline(stages, b.perCall, b.perAttempt, providers);
    if (b.executor != null) {
      this.executor = b.executor;
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newCachedThreadPool(daemonThreads());
      this.executor = ownedExecutor;
    }
  }

  /** A builder for a client configured in code. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder holding a loaded configuration, to which interceptors, listeners or an executor
   * can be added.
   */
  public static Builder builder(SwitchboardConfig config) {
    return new Builder().config(config);
  }

  /**
   * Loads the YAML config file and builds a client from it.
   *
   * @throws dev.switchboard.error.ConfigException listing every problem in the file
   */
  public static ModelClient fromConfig(Path file) {
    return builder(SwitchboardConfig.load(file)).build();
  }

  /**
   * Sends a chat request and waits for the whole answer.
   *
   * @throws IllegalArgumentException if the request names an unknown logical model
   * @throws dev.switchboard.error.SwitchboardException if the call fails
   */
  public ChatResponse chat(ChatRequest request) {
    return pipeline.chat(newCall(Operation.CHAT, request));
  }

  /** Sends one user message to the default model. */
  public ChatResponse chat(String userText) {
    return chat(ChatRequest.builder().user(userText).build());
  }

  /**
   * Sends a chat request on the client's executor. The future completes with the answer or
   * with the {@link dev.switchboard.error.SwitchboardException}; {@code cancel(true)} interrupts
   * the call in flight.
   */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call = newCall(Operation.CHAT, request);
    return async(() -> pipeline.chat(call));
  }

  /**
   * Streams a chat answer. Iterate the stream's events, then read its response; close it to
   * free the connection.
   *
   * @throws dev.switchboard.error.SwitchboardException if the call fails before the first event
   */
  public ChatStream stream(ChatRequest request) {
    return pipeline.stream(newCall(Operation.STREAM, request));
  }

  /**
   * Embeds a batch of texts.
   *
   * @throws dev.switchboard.error.SwitchboardException if the call fails
   */
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return pipeline.embed(newCall(Operation.EMBED, request));
  }

  /** Embeds a batch of texts on the client's executor. */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    Call call = newCall(Operation.EMBED, request);
    return async(() -> pipeline.embed(call));
  }

  /** The logical model names this client serves, in config order. */
  public Set<String> models() {
    return routes.keySet();
  }

  /** The route of a logical model. */
  public Optional<Route> route(String logicalModel) {
    return Optional.ofNullable(routes.get(logicalModel));
  }

  /** The model used when a request names none. */
  public Optional<String> defaultModel() {
    return Optional.ofNullable(defaultModel);
  }

  /**
   * Closes the providers (their connection pools), the ledger and budget store the client opened
   * from its config, and the client's own executor. Idempotent. A ledger or budget store given
   * to the builder is left open: its owner closes it.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    providers.close();
    if (ownedTrail != null) ownedTrail.close();
    if (cost != null) cost.close();
    if (ownedExecutor != null) ownedExecutor.shutdown();
  }

  private Call newCall(Operation operation, ModelRequest request) {
    Checks.notNull(request, "request");
    if (closed) throw new IllegalStateException("this ModelClient is closed");
    String field = request instanceof ChatRequest ? "ChatRequest.model" : "EmbeddingRequest.model";
    String logical = request.model().orElse(defaultModel);
    if (logical == null) {
      throw new IllegalArgumentException(field + ": is required (the client has " + routes.size()
          + " logical models and no default-model)");
    }
    Route route = routes.get(logical);
    if (route == null) {
      throw new IllegalArgumentException(field + ": unknown logical model '" + logical + "'; configured: "
          + String.join(", ", routes.keySet()));
    }
    if (request.pinnedProvider().isPresent()) route = pinned(route, request.pinnedProvider().get(), logical, field);
    return Call.start(operation, request, logical, route, timeouts, listener);
  }

  /** The route narrowed to the pinned provider's targets: a pinned call never reaches another provider. */
  private static Route pinned(Route route, String provider, String logical, String field) {
    List<Target> kept = route.targetsMatching(t -> t.provider().equals(provider));
    if (kept.isEmpty()) {
      throw new IllegalArgumentException(field.replace(".model", ".pinnedProvider") + ": logical model '" + logical
          + "' has no target at provider '" + provider + "'");
    }
    return new Route(route.strategy(), kept);
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return InterruptibleFuture.supply(work, executor);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "switchboard-async-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Builds a {@link ModelClient}. Not thread-safe; build once, share the client. */
  public static final class Builder {
    private final Map<String, ModelProvider> providers = new LinkedHashMap<>();
    private final Map<String, ProviderConfig> providerConfigs = new LinkedHashMap<>();
    private final Map<String, Route> routes = new LinkedHashMap<>();
    private final List<CallInterceptor> perCall = new ArrayList<>();
    private final List<CallInterceptor> perAttempt = new ArrayList<>();
    private final List<CallListener> listeners = new ArrayList<>();
    private String defaultModel;
    private Timeouts timeouts = Timeouts.DEFAULTS;
    private Executor executor;
    private final ResilienceSettings.Builder resilience = ResilienceSettings.builder();
    private ResilienceClock resilienceClock = ResilienceClock.system();
    private final Map<String, ProviderProfile> profiles = new LinkedHashMap<>();
    private CompliancePolicy compliancePolicy;
    private AuditTrail auditTrail;
    private AuditSettings auditSettings;
    private AuditKey auditKey;
    private PhiDetector detector;
    private AuditTrail ownedTrail;
    private boolean costTracking;
    private CostSettings costSettings;
    private PriceCatalog catalog;
    private UnknownPricePolicy unknownPrice;
    private List<Budget> budgets;
    private CostLedger ledger;
    private BudgetStore budgetStore;
    private Clock clock = Clock.systemUTC();

    private Builder() {}

    /**
     * Takes providers, models, default model, timeouts and resilience settings from a loaded
     * config. Its global resilience policy replaces one set earlier; its overrides are added.
     */
    public Builder config(SwitchboardConfig config) {
      Checks.notNull(config, "config");
      providerConfigs.putAll(config.providers());
      routes.putAll(config.models());
      config.defaultModel().ifPresent(m -> defaultModel = m);
      timeouts = config.timeouts();
      profiles.putAll(config.profiles());
      config.compliance().ifPresent(c -> {
        if (c.policy() != null) compliancePolicy = c.policy();
        if (c.auditKey() != null) auditKey = c.auditKey();
        if (c.audit() != null) auditSettings = c.audit();
        detector = c.detector();
      });
      costSettings = config.cost();
      costTracking = true;
      resilience.merge(config.resilience());
      return this;
    }

    /** The compliance profile of a provider, which the policy decides on. */
    public Builder providerProfile(String providerId, ProviderProfile profile) {
      profiles.put(Checks.notBlank(providerId, "providerId"), Checks.notNull(profile, "profile"));
      return this;
    }

    /** The compliance policy; needs an {@link #auditTrail} and an {@link #auditKey}. */
    public Builder compliancePolicy(CompliancePolicy policy) {
      this.compliancePolicy = Checks.notNull(policy, "policy");
      return this;
    }

    /** The audit trail every call is recorded in (fail closed). The caller owns and closes it. */
    public Builder auditTrail(AuditTrail trail) {
      this.auditTrail = Checks.notNull(trail, "trail");
      this.auditSettings = null;
      return this;
    }

    /** The key for keyed hashes in audit records (patient references, prompts, answers). */
    public Builder auditKey(AuditKey key) {
      this.auditKey = Checks.notNull(key, "key");
      return this;
    }

    /** The PHI detector; {@link PhiDetector#defaultDetector()} unless set. */
    public Builder phiDetector(PhiDetector detector) {
      this.detector = Checks.notNull(detector, "detector");
      return this;
    }

    ComplianceWiring.Settings compliance() {
      return new ComplianceWiring.Settings(compliancePolicy, detector, auditKey, auditTrail, profiles);
    }

    /** Adds a provider instance under its {@link ModelProvider#id()}. The client closes it. */
    public Builder provider(ModelProvider provider) {
      Checks.notNull(provider, "provider");
      providers.put(provider.id(), provider);
      return this;
    }

    /** Adds a provider created from its config by the factory registered for its type. */
    public Builder provider(String id, ProviderConfig config) {
      providerConfigs.put(Checks.notBlank(id, "id"), Checks.notNull(config, "config"));
      return this;
    }

    /** Serves a logical model from the given route. */
    public Builder route(String logicalModel, Route route) {
      routes.put(Checks.notBlank(logicalModel, "logicalModel"), Checks.notNull(route, "route"));
      return this;
    }

    /** The model used when a request names none. */
    public Builder defaultModel(String logicalModel) {
      this.defaultModel = logicalModel;
      return this;
    }

    public Builder timeouts(Timeouts timeouts) {
      this.timeouts = Checks.notNull(timeouts, "timeouts");
      return this;
    }

    /** The resilience policy wherever no provider or model override applies; by default {@link ResiliencePolicy#ofDefaults()}. */
    public Builder resilience(ResiliencePolicy policy) {
      resilience.global(Checks.notNull(policy, "policy"));
      return this;
    }

    /**
     * Overrides the resilience policy for every target of a provider. The function receives the
     * global policy and returns the provider's, for example
     * {@code p -> p.withRateLimit(RateLimitPolicy.perMinute(600, 90_000))}.
     */
    public Builder providerResilience(String providerId, UnaryOperator<ResiliencePolicy> override) {
      resilience.provider(providerId, override);
      return this;
    }

    /**
     * Overrides the resilience policy for every target of a logical model. The function receives
     * the provider's (or global) policy and returns the model's; the most specific setting wins.
     */
    public Builder modelResilience(String logicalModel, UnaryOperator<ResiliencePolicy> override) {
      resilience.model(logicalModel, override);
      return this;
    }

    /**
     * The clock and sleeper behind backoff, rate limits and circuit breakers; by default the
     * system's. Tests pass a virtual clock so that retries take no time.
     */
    public Builder resilienceClock(ResilienceClock clock) {
      this.resilienceClock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Adds an interceptor at a documented position; see {@link Stage} for the whole order. */
    public Builder addInterceptor(Position position, CallInterceptor interceptor) {
      Checks.notNull(interceptor, "interceptor");
      (Checks.notNull(position, "position") == Position.PER_CALL ? perCall : perAttempt).add(interceptor);
      return this;
    }

    /** Adds a listener. Listeners observe; they cannot change or break a call. */
    public Builder addListener(CallListener listener) {
      listeners.add(Checks.notNull(listener, "listener"));
      return this;
    }

    /**
     * Tracks cost with this price catalog (overrides included). A client built from a config
     * file tracks cost always; one built in code once it is given prices, budgets or a ledger.
     */
    public Builder pricing(PriceCatalog catalog) {
      this.catalog = Checks.notNull(catalog, "catalog");
      costTracking = true;
      return this;
    }

    /** What to do for a model without a price; {@link UnknownPricePolicy#BLOCK} by default. */
    public Builder unknownPrice(UnknownPricePolicy policy) {
      this.unknownPrice = Checks.notNull(policy, "policy");
      costTracking = true;
      return this;
    }

    /** Replaces the budgets (those of the config file included). */
    public Builder budgets(List<Budget> budgets) {
      this.budgets = Checks.listCopy(budgets, "budgets");
      costTracking = true;
      return this;
    }

    /** Replaces the budgets (those of the config file included). */
    public Builder budgets(Budget... budgets) {
      return budgets(List.of(budgets));
    }

    /**
     * Records every billed attempt in this ledger instead of the configured one. The client does
     * not close it, so one ledger can serve several clients.
     */
    public Builder ledger(CostLedger ledger) {
      this.ledger = Checks.notNull(ledger, "ledger");
      costTracking = true;
      return this;
    }

    /**
     * Keeps budget state in this store instead of the default (in memory, or the database of a
     * JDBC ledger from the config). The client does not close it.
     */
    public Builder budgetStore(BudgetStore store) {
      this.budgetStore = Checks.notNull(store, "store");
      costTracking = true;
      return this;
    }

    /** The clock for cost records and budget periods; the system clock in UTC by default. */
    public Builder clock(Clock clock) {
      this.clock = Checks.notNull(clock, "clock");
      return this;
    }

    /** Turns cost tracking on or off (for example off for a client built from a config file in a test). */
    public Builder costTracking(boolean enabled) {
      this.costTracking = enabled;
      return this;
    }

    /** The executor for {@code chatAsync} and {@code embedAsync}; by default the client's own. */
    public Builder executor(Executor executor) {
      this.executor = Checks.notNull(executor, "executor");
      return this;
    }

    /**
     * Creates the providers and the client.
     *
     * @throws IllegalStateException if a route names an unknown provider, the default model is
     *     not a route, no route is configured, or a resilience override names an unknown
     *     provider or model
     * @throws IllegalArgumentException if a budget's currency is not the price catalog's, two
     *     budgets share a name, or a resilience override produces an invalid policy
     * @throws dev.switchboard.error.SwitchboardException if the configured ledger cannot be opened
     *     (a file held by another process, a database that cannot be reached)
     */
    public ModelClient build() {
      if (routes.isEmpty()) throw new IllegalStateException("no logical model configured: add a route");
      if (compliancePolicy != null && auditTrail == null && auditSettings == null) {
        throw new IllegalStateException("a compliance policy needs an audit trail: every decision is audited (fail closed)");
      }
      if ((auditTrail != null || auditSettings != null) && auditKey == null) {
        throw new IllegalStateException("an audit trail needs an audit key for the keyed hashes in its records");
      }
      if (defaultModel != null && !routes.containsKey(defaultModel)) {
        throw new IllegalStateException("defaultModel '" + defaultModel + "' is not a configured logical model");
      }
      checkResilienceOverrides();
      Map<String, ModelProvider> all = new LinkedHashMap<>(providers);
      CostEngine cost = null;
      try {
        for (Map.Entry<String, ProviderConfig> e : providerConfigs.entrySet()) {
          if (all.containsKey(e.getKey())) continue;
          ModelProviderFactory factory = ProviderFactories.discover().find(e.getValue().type()).orElseThrow(() ->
              new IllegalStateException("no provider factory for type '" + e.getValue().type() + "' on the class path"));
          all.put(e.getKey(), factory.create(e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, Route> r : routes.entrySet()) {
          for (Target t : r.getValue().targets()) {
            if (!all.containsKey(t.provider())) {
              throw new IllegalStateException("model '" + r.getKey() + "' routes to unknown provider '" + t.provider() + "'");
            }
          }
        }
        if (costTracking) cost = openCost();
      } catch (RuntimeException e) {
        new ProviderRegistry(all).close();
        throw e;
      }
      ProviderRegistry registry = new ProviderRegistry(all);
      try {
        if (auditSettings != null) {
          ownedTrail = auditSettings.open();
          auditTrail = ownedTrail;
        }
        ComplianceWiring.recordPolicyLoad(compliance());
      } catch (RuntimeException e) {
        registry.close();
        if (cost != null) cost.close();
        if (ownedTrail != null) ownedTrail.close();
        throw e;
      }
      return new ModelClient(this, registry, cost);
    }

    private CostEngine openCost() {
      CostSettings.Builder s = costSettings != null ? costSettings.toBuilder() : CostSettings.builder();
      if (catalog != null) s.catalog(catalog);
      if (unknownPrice != null) s.unknownPrice(unknownPrice);
      if (budgets != null) s.budgets(budgets);
      Map<String, String> types = new LinkedHashMap<>();
      providerConfigs.forEach((id, config) -> types.put(id, config.type()));
      return CostEngine.open(s.build(), ledger, budgetStore, clock, types);
    }

    private void checkResilienceOverrides() {
      ResilienceSettings settings = resilience.build();
      for (String model : settings.overriddenModels()) {
        if (!routes.containsKey(model)) throw new IllegalStateException("modelResilience names unknown model '" + model + "'");
      }
      for (String p : settings.overriddenProviders()) {
        if (!providers.containsKey(p) && !providerConfigs.containsKey(p)) {
          throw new IllegalStateException("providerResilience names unknown provider '" + p + "'");
        }
      }
      routes.forEach((model, route) -> route.targets().forEach(t -> settings.resolve(model, t.provider())));
    }
  }
}
