package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Route;
import dev.switchboard.Target;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class TargetOrderTest {
  private final Target a = new Target("a", "m", 6);
  private final Target b = new Target("b", "m", 3);
  private final Target c = new Target("c", "m", 1);
  private final Target standby = new Target("d", "m", 0);

  @Test
  void failoverKeepsTheRouteOrder() {
    assertThat(TargetOrder.of(Route.Strategy.FAILOVER, List.of(c, a, b), new Random(1)))
        .containsExactly(c, a, b);
  }

  @Test
  void weightedPicksTheFirstTargetInProportionToItsWeight() {
    Random random = new Random(42);
    Map<Target, Integer> first = new HashMap<>();
    for (int i = 0; i < 10_000; i++) {
      first.merge(
          TargetOrder.of(Route.Strategy.WEIGHTED, List.of(a, b, c), random).get(0),
          1,
          Integer::sum);
    }

    assertThat(first.get(a)).isBetween(5800, 6200);
    assertThat(first.get(b)).isBetween(2800, 3200);
    assertThat(first.get(c)).isBetween(880, 1120);
  }

  @Test
  void weightedOrdersEveryTargetOnceWithStandbysLast() {
    Random random = new Random(7);
    for (int i = 0; i < 100; i++) {
      List<Target> order =
          TargetOrder.of(Route.Strategy.WEIGHTED, List.of(standby, a, b, c), random);
      assertThat(order).hasSize(4).containsExactlyInAnyOrder(a, b, c, standby);
      assertThat(order.get(3)).isEqualTo(standby);
    }
  }
}
