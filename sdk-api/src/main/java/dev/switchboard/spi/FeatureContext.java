package dev.switchboard.spi;

import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a {@link PipelineFeature} may know of the client it is installed in.
 *
 * @param clock the client's one clock (wall time and monotonic time)
 * @param providerTypes the config type ({@code foundry}, {@code ollama}, {@code mock}) of each
 *     provider created from a config, by id; providers added as instances have none
 * @param routes the logical models and their routes, in the client's order
 * @param features every feature the client is given, this one included, by {@linkplain
 *     PipelineFeature#name() name} in installation order, however each was added (config file or
 *     builder): so that a feature whose safety depends on another's settings can check them when
 *     the client is built (telemetry refuses content capture where compliance marks data as PHI)
 * @since 0.2
 */
public record FeatureContext(
    SwitchboardClock clock,
    Map<String, String> providerTypes,
    Map<String, Route> routes,
    Map<String, PipelineFeature> features) {
  public FeatureContext {
    Objects.requireNonNull(clock, "clock");
    providerTypes = Collections.unmodifiableMap(new LinkedHashMap<>(providerTypes));
    routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    features = Collections.unmodifiableMap(new LinkedHashMap<>(features));
  }

  /**
   * A context that names no features (as built before 0.3).
   *
   * @param clock the client's one clock
   * @param providerTypes the config type of each provider created from a config, by id
   * @param routes the logical models and their routes
   */
  public FeatureContext(
      SwitchboardClock clock, Map<String, String> providerTypes, Map<String, Route> routes) {
    this(clock, providerTypes, routes, Map.of());
  }
}
