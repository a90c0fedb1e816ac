package dev.switchboard;

import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where a logical model is served: its targets, and how to choose among them.
 *
 * @param strategy failover (in order) or weighted (spread by weight, failing over to the rest)
 * @param targets at least one target
 * @since 0.1
 */
public record Route(Strategy strategy, List<Target> targets) {
  /** How a route chooses among its targets. */
  public enum Strategy {
    /** Try the targets in order. */
    FAILOVER,
    /** Spread calls by weight; on failure try the rest. */
    WEIGHTED
  }

  public Route {
    Checks.notNull(strategy, "Route.strategy");
    targets = Checks.listCopy(targets, "Route.targets");
    Checks.check(!targets.isEmpty(), "Route.targets", "must contain at least one target");
  }

  /** Targets tried in order. */
  public static Route failover(Target... targets) {
    return new Route(Strategy.FAILOVER, List.of(targets));
  }

  /** Targets spread by weight. */
  public static Route weighted(Target... targets) {
    return new Route(Strategy.WEIGHTED, List.of(targets));
  }

  /** A single-target route. */
  public static Route of(String provider, String model) {
    return failover(Target.of(provider, model));
  }

  /**
   * A route keeping only the targets that pass the filter; the result may have no targets, so it is
   * returned as a list.
   */
  public List<Target> targetsMatching(Predicate<Target> filter) {
    List<Target> kept = new ArrayList<>(targets.size());
    for (Target t : targets) {
      if (filter.test(t)) kept.add(t);
    }
    return kept;
  }
}
