package dev.switchboard.internal.routing;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The resolved retry policy and guards of each (logical model, target) pair, resolved once and
 * cached. Routes known at build time are resolved eagerly, so a bad override fails the build.
 * Thread-safe.
 */
final class TargetPolicies {
  /** What one target of one logical model runs under. */
  record Resolved(RetryPolicy retry, TargetGuards guards) {}

  private final ResilienceSettings settings;
  private final GuardRegistry registry;
  private final ConcurrentMap<String, ConcurrentMap<Target, Resolved>> byModel =
      new ConcurrentHashMap<>();

  TargetPolicies(ResilienceSettings settings, GuardRegistry registry, Map<String, Route> routes) {
    this.settings = settings;
    this.registry = registry;
    routes.forEach((model, route) -> route.targets().forEach(t -> get(model, t)));
  }

  Resolved get(String logicalModel, Target target) {
    ConcurrentMap<Target, Resolved> targets = byModel.get(logicalModel);
    if (targets == null)
      targets = byModel.computeIfAbsent(logicalModel, m -> new ConcurrentHashMap<>());
    Resolved r = targets.get(target);
    return r != null ? r : targets.computeIfAbsent(target, t -> resolve(logicalModel, t));
  }

  private Resolved resolve(String logicalModel, Target target) {
    var policy = settings.resolve(logicalModel, target.provider());
    return new Resolved(policy.retry(), registry.guards(target, policy));
  }
}
