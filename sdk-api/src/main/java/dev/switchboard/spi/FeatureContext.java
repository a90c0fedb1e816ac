package dev.switchboard.spi;

import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import java.util.Map;

/**
 * What a {@link PipelineFeature} may know of the client it is installed in.
 *
 * @param clock the client's one clock (wall time and monotonic time)
 * @param providerTypes the config type ({@code foundry}, {@code ollama}, {@code mock}) of each
 *     provider created from a config, by id; providers added as instances have none
 * @param routes the logical models and their routes, in the client's order
 * @since 0.2
 */
public record FeatureContext(
    SwitchboardClock clock, Map<String, String> providerTypes, Map<String, Route> routes) {
  public FeatureContext {
    java.util.Objects.requireNonNull(clock, "clock");
    providerTypes =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(providerTypes));
    routes = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(routes));
  }
}
