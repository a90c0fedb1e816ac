package dev.switchboard.internal.config;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Reads {@code resilience:} sections (top level, {@code providers.X.resilience}, {@code
 * models.Y.resilience}) into {@link ResilienceSettings}. Each section becomes an override that sets
 * only the keys it names, so the most specific setting of each key wins. Combinations are checked
 * against the top-level policy once every section was read.
 */
final class ResilienceParser {
  private record Pending(SettingsNode node, UnaryOperator<ResiliencePolicy> override) {}

  private final Map<String, SettingsNode> modelNodes = new HashMap<>();

  private final ResilienceSettings.Builder settings = ResilienceSettings.builder();
  private final List<Pending> overrides = new ArrayList<>();
  private SettingsNode globalNode;
  private UnaryOperator<ResiliencePolicy> global = UnaryOperator.identity();

  /** The top-level section; its {@code timeouts} key is read by the caller. */
  void global(SettingsNode node) {
    globalNode = node;
    global = read(node);
  }

  void provider(String id, SettingsNode node) {
    rejectTimeouts(node);
    UnaryOperator<ResiliencePolicy> o = read(node);
    overrides.add(new Pending(node, o));
    settings.provider(id, o);
  }

  void model(String name, SettingsNode node) {
    rejectTimeouts(node);
    UnaryOperator<ResiliencePolicy> o = read(node);
    overrides.add(new Pending(node, o));
    modelNodes.put(name, node);
    settings.model(name, o);
  }

  /**
   * The settings, with every invalid combination reported at its section's path: each section
   * against the top-level policy, then each model's section on top of its targets' providers.
   */
  ResilienceSettings build(Map<String, Route> routes) {
    ResiliencePolicy base = check(globalNode, global, ResiliencePolicy.ofDefaults());
    if (base == null) base = ResiliencePolicy.ofDefaults();
    settings.global(base);
    boolean valid = true;
    for (Pending p : overrides) {
      if (check(p.node(), p.override(), base) == null) valid = false;
    }
    ResilienceSettings built = settings.build();
    if (!valid) return built;
    routes.forEach(
        (model, route) -> {
          for (Target t : route.targets()) {
            try {
              built.resolve(model, t.provider());
            } catch (IllegalArgumentException e) {
              SettingsNode node = modelNodes.get(model);
              if (node != null)
                node.problem(null, "with provider " + t.provider() + "'s settings: " + keys(e));
              return;
            }
          }
        });
    return built;
  }

  /** The override applied to the base, or null (with the problem reported) if that is invalid. */
  private static ResiliencePolicy check(
      SettingsNode node, UnaryOperator<ResiliencePolicy> o, ResiliencePolicy base) {
    try {
      return o.apply(base);
    } catch (IllegalArgumentException e) {
      if (node != null) node.problem(null, keys(e));
      return null;
    }
  }

  /**
   * Policy messages name record fields ("RetryPolicy.maxBackoff: ..."); say them as config keys.
   */
  private static String keys(IllegalArgumentException e) {
    String m =
        e.getMessage()
            .replaceFirst("^[A-Za-z]+Policy\\.", "")
            .replaceAll("([a-z])([A-Z])", "$1-$2");
    return m.toLowerCase(Locale.ROOT);
  }

  private static void rejectTimeouts(SettingsNode node) {
    if (node.has("timeouts")) {
      node.markRead("timeouts");
      node.problem("timeouts", "is only supported in the top-level resilience section");
    }
  }

  private static UnaryOperator<ResiliencePolicy> read(SettingsNode node) {
    UnaryOperator<ResiliencePolicy> o = UnaryOperator.identity();
    Optional<SettingsNode> retry = node.sectionNode("retry");
    if (retry.isPresent()) o = then(o, retry(retry.get()));
    Optional<SettingsNode> breaker = node.sectionNode("circuit-breaker");
    if (breaker.isPresent()) o = then(o, circuitBreaker(breaker.get()));
    Optional<SettingsNode> limit = node.sectionNode("rate-limit");
    if (limit.isPresent()) o = then(o, rateLimit(limit.get()));
    Optional<SettingsNode> bulkhead = node.sectionNode("bulkhead");
    if (bulkhead.isPresent()) o = then(o, bulkhead(bulkhead.get()));
    return o;
  }

  private static UnaryOperator<ResiliencePolicy> then(
      UnaryOperator<ResiliencePolicy> a, UnaryOperator<ResiliencePolicy> b) {
    return p -> b.apply(a.apply(p));
  }

  private static UnaryOperator<ResiliencePolicy> retry(SettingsNode s) {
    Optional<Integer> attempts = atLeast(s, "max-attempts", 1);
    Optional<Duration> initial = s.duration("initial-backoff");
    Optional<Duration> max = s.duration("max-backoff");
    Optional<Duration> retryAfter = s.duration("max-retry-after");
    return p -> {
      RetryPolicy r = p.retry();
      return p.withRetry(
          new RetryPolicy(
              attempts.orElse(r.maxAttempts()),
              initial.orElse(r.initialBackoff()),
              max.orElse(r.maxBackoff()),
              retryAfter.orElse(r.maxRetryAfter())));
    };
  }

  private static UnaryOperator<ResiliencePolicy> circuitBreaker(SettingsNode s) {
    Optional<Boolean> enabled = s.bool("enabled");
    Optional<Double> threshold = s.number("failure-rate-threshold");
    if (threshold.isPresent() && (threshold.get() <= 0 || threshold.get() > 100)) {
      s.problem("failure-rate-threshold", "must be a percentage above 0 and at most 100");
      threshold = Optional.empty();
    }
    Optional<Integer> window = atLeast(s, "sliding-window", 1);
    Optional<Integer> minimum = atLeast(s, "minimum-calls", 1);
    Optional<Duration> openFor = s.duration("open-for");
    if (openFor.isPresent() && openFor.get().isZero()) {
      s.problem("open-for", "must be positive");
      openFor = Optional.empty();
    }
    Optional<Double> rate = threshold;
    Optional<Duration> open = openFor;
    return p -> {
      CircuitBreakerPolicy c = p.circuitBreaker();
      int w = window.orElse(c.slidingWindow());
      int min = minimum.orElse(Math.min(c.minimumCalls(), w));
      return p.withCircuitBreaker(
          new CircuitBreakerPolicy(
              enabled.orElse(c.enabled()),
              rate.map(Double::floatValue).orElse(c.failureRateThreshold()),
              w,
              min,
              open.orElse(c.openFor())));
    };
  }

  private static UnaryOperator<ResiliencePolicy> rateLimit(SettingsNode s) {
    Optional<Integer> requests = atLeast(s, "requests-per-minute", 0);
    Optional<Integer> tokens = atLeast(s, "tokens-per-minute", 0);
    Optional<RateLimitPolicy.Scope> scope =
        s.oneOf("scope", Set.of("instance", "cluster"))
            .map(
                v ->
                    v.equals("cluster")
                        ? RateLimitPolicy.Scope.CLUSTER
                        : RateLimitPolicy.Scope.INSTANCE);
    Optional<Integer> instances = atLeast(s, "instances", 1);
    if (scope.orElse(null) == RateLimitPolicy.Scope.CLUSTER
        && instances.isEmpty()
        && !s.has("instances")) {
      s.problem(
          "scope",
          "cluster needs instances: the number of instances sharing the limit (each keeps to"
              + " limit/instances while the shared database cannot be reached)");
    }
    if (scope.orElse(null) == RateLimitPolicy.Scope.INSTANCE && instances.isPresent()) {
      s.problem("instances", "only applies with scope: cluster");
      instances = Optional.empty();
    }
    Optional<Integer> shared = instances;
    return p -> {
      RateLimitPolicy r = p.rateLimit();
      RateLimitPolicy.Scope sc = scope.orElse(r.scope());
      return p.withRateLimit(
          new RateLimitPolicy(
              requests.orElse(r.requestsPerMinute()),
              tokens.map(Integer::longValue).orElse(r.tokensPerMinute()),
              sc,
              sc == RateLimitPolicy.Scope.INSTANCE ? 1 : shared.orElse(r.instances())));
    };
  }

  private static UnaryOperator<ResiliencePolicy> bulkhead(SettingsNode s) {
    Optional<Integer> max = atLeast(s, "max-concurrent", 0);
    return p -> max.isPresent() ? p.withBulkhead(new BulkheadPolicy(max.get())) : p;
  }

  private static Optional<Integer> atLeast(SettingsNode s, String key, int min) {
    Optional<Integer> v = s.integer(key);
    if (v.isPresent() && v.get() < min) {
      s.problem(
          key, min == 0 ? "must not be negative (0 means no limit)" : "must be at least " + min);
      return Optional.empty();
    }
    return v;
  }
}
