package dev.switchboard.internal.routing;

import dev.switchboard.Route;
import dev.switchboard.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/** The order in which one call tries its targets. */
final class TargetOrder {
  private TargetOrder() {}

  /**
   * {@code FAILOVER}: the targets as given. {@code WEIGHTED}: a weighted draw without replacement,
   * so the first target is picked in proportion to its weight and the rest follow, each again by
   * weight; targets of weight 0 are standbys, tried last in route order.
   */
  static List<Target> of(Route.Strategy strategy, List<Target> targets, RandomGenerator random) {
    if (strategy == Route.Strategy.FAILOVER || targets.size() <= 1) return targets;
    List<Target> pool = new ArrayList<>(targets.size());
    List<Target> standby = new ArrayList<>(0);
    long total = 0;
    for (Target t : targets) {
      if (t.weight() > 0) {
        pool.add(t);
        total += t.weight();
      } else {
        standby.add(t);
      }
    }
    List<Target> out = new ArrayList<>(targets.size());
    while (!pool.isEmpty()) {
      long r = random.nextLong(total);
      int i = 0;
      while (r >= pool.get(i).weight()) r -= pool.get(i++).weight();
      Target picked = pool.remove(i);
      total -= picked.weight();
      out.add(picked);
    }
    out.addAll(standby);
    return out;
  }
}
