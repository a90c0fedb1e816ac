package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.pipeline.Call;
import dev.switchboard.spi.ProviderCapabilities;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * Which targets one call may try, in the order it tries them: the targets of the call's route (as
 * the stages before routing left it) that can serve the request, ordered by the route's strategy
 * ({@link TargetOrder}). Targets that lack a capability the request needs are dropped before
 * anything is sent; if none can serve, the call is refused with the reason. Thread-safe.
 */
final class TargetSelector {
  private final ProviderRegistry providers;

  TargetSelector(ProviderRegistry providers) {
    this.providers = providers;
  }

  /**
   * The targets to try, in order.
   *
   * @throws UnsupportedCapabilityException if no target can serve the call
   */
  List<Target> select(Call call, RandomGenerator random) {
    return TargetOrder.of(call.route().strategy(), capable(call), random);
  }

  /**
   * The route's targets that can serve the call, in route order.
   *
   * @throws UnsupportedCapabilityException if none can
   */
  List<Target> capable(Call call) {
    List<Target> targets = call.route().targets();
    // The common case (one target that can serve) allocates nothing.
    if (targets.size() == 1 && Capabilities.canServe(call, capabilitiesOf(targets.get(0))))
      return targets;
    List<Target> capable = new ArrayList<>(targets.size());
    List<String> reasons = new ArrayList<>();
    for (Target t : targets) {
      List<String> missing = Capabilities.missing(call, capabilitiesOf(t));
      if (missing.isEmpty()) {
        capable.add(t);
      } else {
        reasons.add(t.label() + " lacks " + String.join(", ", missing));
      }
    }
    if (capable.isEmpty()) {
      throw new UnsupportedCapabilityException(
          "no target of model '"
              + call.logicalModel()
              + "' can serve this request: "
              + String.join("; ", reasons),
          ErrorContext.NONE);
    }
    return capable;
  }

  private ProviderCapabilities capabilitiesOf(Target t) {
    return providers.require(t.provider()).capabilities(t.model());
  }
}
