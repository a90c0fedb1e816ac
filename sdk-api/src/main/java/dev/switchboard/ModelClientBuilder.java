package dev.switchboard;

import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.compliance.audit.AuditSettings;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.compliance.internal.ComplianceWiring;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.internal.Checks;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.cost.internal.CostEngine;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Position;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.UnaryOperator;

/**
 * Builds a {@link ModelClient}: providers and logical models, timeouts, interceptors and
 * listeners, and the settings of each pipeline stage (resilience, cost, compliance). Start from
 * {@link ModelClient#builder()} or, to add to a config file, {@link ModelClient#builder(SwitchboardConfig)}.
 * Not thread-safe; build once, share the client.
 *
 * @since 0.1
 */
public final class ModelClientBuilder {
  final Map<String, ModelProvider> providers = new LinkedHashMap<>();
  final Map<String, ProviderConfig> providerConfigs = new LinkedHashMap<>();
  final Map<String, Route> routes = new LinkedHashMap<>();
  final List<CallInterceptor> perCall = new ArrayList<>();
  final List<CallInterceptor> perAttempt = new ArrayList<>();
  final List<CallListener> listeners = new ArrayList<>();
  String defaultModel;
  Timeouts timeouts = Timeouts.DEFAULTS;
  Executor executor;
  final ResilienceSettings.Builder resilience = ResilienceSettings.builder();
  ResilienceClock resilienceClock = ResilienceClock.system();
  final Map<String, ProviderProfile> profiles = new LinkedHashMap<>();
  CompliancePolicy compliancePolicy;
  AuditTrail auditTrail;
  AuditSettings auditSettings;
  AuditKey auditKey;
  PhiDetector detector;
  AuditTrail ownedTrail;
  boolean costTracking;
  CostSettings costSettings;
  PriceCatalog catalog;
  UnknownPricePolicy unknownPrice;
  List<Budget> budgets;
  CostLedger ledger;
  BudgetStore budgetStore;
  Clock clock = Clock.systemUTC();

  ModelClientBuilder() {}

  /**
   * Takes providers, models, default model, timeouts and resilience settings from a loaded
   * config. Its global resilience policy replaces one set earlier; its overrides are added.
   */
  public ModelClientBuilder config(SwitchboardConfig config) {
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
  public ModelClientBuilder providerProfile(String providerId, ProviderProfile profile) {
    profiles.put(Checks.notBlank(providerId, "providerId"), Checks.notNull(profile, "profile"));
    return this;
  }

  /** The compliance policy; needs an {@link #auditTrail} and an {@link #auditKey}. */
  public ModelClientBuilder compliancePolicy(CompliancePolicy policy) {
    this.compliancePolicy = Checks.notNull(policy, "policy");
    return this;
  }

  /** The audit trail every call is recorded in (fail closed). The caller owns and closes it. */
  public ModelClientBuilder auditTrail(AuditTrail trail) {
    this.auditTrail = Checks.notNull(trail, "trail");
    this.auditSettings = null;
    return this;
  }

  /** The key for keyed hashes in audit records (patient references, prompts, answers). */
  public ModelClientBuilder auditKey(AuditKey key) {
    this.auditKey = Checks.notNull(key, "key");
    return this;
  }

  /** The PHI detector; {@link PhiDetector#defaultDetector()} unless set. */
  public ModelClientBuilder phiDetector(PhiDetector detector) {
    this.detector = Checks.notNull(detector, "detector");
    return this;
  }

  ComplianceWiring.Settings compliance() {
    return new ComplianceWiring.Settings(compliancePolicy, detector, auditKey, auditTrail, profiles);
  }

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

  public ModelClientBuilder timeouts(Timeouts timeouts) {
    this.timeouts = Checks.notNull(timeouts, "timeouts");
    return this;
  }

  /** The resilience policy wherever no provider or model override applies; by default {@link ResiliencePolicy#ofDefaults()}. */
  public ModelClientBuilder resilience(ResiliencePolicy policy) {
    resilience.global(Checks.notNull(policy, "policy"));
    return this;
  }

  /**
   * Overrides the resilience policy for every target of a provider. The function receives the
   * global policy and returns the provider's, for example
   * {@code p -> p.withRateLimit(RateLimitPolicy.perMinute(600, 90_000))}.
   */
  public ModelClientBuilder providerResilience(String providerId, UnaryOperator<ResiliencePolicy> override) {
    resilience.provider(providerId, override);
    return this;
  }

  /**
   * Overrides the resilience policy for every target of a logical model. The function receives
   * the provider's (or global) policy and returns the model's; the most specific setting wins.
   */
  public ModelClientBuilder modelResilience(String logicalModel, UnaryOperator<ResiliencePolicy> override) {
    resilience.model(logicalModel, override);
    return this;
  }

  /**
   * The clock and sleeper behind backoff, rate limits and circuit breakers; by default the
   * system's. Tests pass a virtual clock so that retries take no time.
   */
  public ModelClientBuilder resilienceClock(ResilienceClock clock) {
    this.resilienceClock = Checks.notNull(clock, "clock");
    return this;
  }

  /** Adds an interceptor at a documented position; see {@link Stage} for the whole order. */
  public ModelClientBuilder addInterceptor(Position position, CallInterceptor interceptor) {
    Checks.notNull(interceptor, "interceptor");
    (Checks.notNull(position, "position") == Position.PER_CALL ? perCall : perAttempt).add(interceptor);
    return this;
  }

  /** Adds a listener. Listeners observe; they cannot change or break a call. */
  public ModelClientBuilder addListener(CallListener listener) {
    listeners.add(Checks.notNull(listener, "listener"));
    return this;
  }

  /**
   * Tracks cost with this price catalog (overrides included). A client built from a config
   * file tracks cost always; one built in code once it is given prices, budgets or a ledger.
   */
  public ModelClientBuilder pricing(PriceCatalog catalog) {
    this.catalog = Checks.notNull(catalog, "catalog");
    costTracking = true;
    return this;
  }

  /** What to do for a model without a price; {@link UnknownPricePolicy#BLOCK} by default. */
  public ModelClientBuilder unknownPrice(UnknownPricePolicy policy) {
    this.unknownPrice = Checks.notNull(policy, "policy");
    costTracking = true;
    return this;
  }

  /** Replaces the budgets (those of the config file included). */
  public ModelClientBuilder budgets(List<Budget> budgets) {
    this.budgets = Checks.listCopy(budgets, "budgets");
    costTracking = true;
    return this;
  }

  /** Replaces the budgets (those of the config file included). */
  public ModelClientBuilder budgets(Budget... budgets) {
    return budgets(List.of(budgets));
  }

  /**
   * Records every billed attempt in this ledger instead of the configured one. The client does
   * not close it, so one ledger can serve several clients.
   */
  public ModelClientBuilder ledger(CostLedger ledger) {
    this.ledger = Checks.notNull(ledger, "ledger");
    costTracking = true;
    return this;
  }

  /**
   * Keeps budget state in this store instead of the default (in memory, or the database of a
   * JDBC ledger from the config). The client does not close it.
   */
  public ModelClientBuilder budgetStore(BudgetStore store) {
    this.budgetStore = Checks.notNull(store, "store");
    costTracking = true;
    return this;
  }

  /** The clock for cost records and budget periods; the system clock in UTC by default. */
  public ModelClientBuilder clock(Clock clock) {
    this.clock = Checks.notNull(clock, "clock");
    return this;
  }

  /** Turns cost tracking on or off (for example off for a client built from a config file in a test). */
  public ModelClientBuilder costTracking(boolean enabled) {
    this.costTracking = enabled;
    return this;
  }

  /** The executor for {@code chatAsync} and {@code embedAsync}; by default the client's own. */
  public ModelClientBuilder executor(Executor executor) {
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
