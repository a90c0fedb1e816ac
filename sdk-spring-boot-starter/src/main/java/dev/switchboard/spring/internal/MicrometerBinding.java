package dev.switchboard.spring.internal;

import dev.switchboard.observability.SwitchboardTelemetry;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Hands the application's Micrometer registry, if it has one, to the telemetry builder. A bean only
 * when Micrometer is on the class path, so that the auto-configuration names no Micrometer type.
 */
public final class MicrometerBinding {
  private final ObjectProvider<MeterRegistry> registry;

  /**
   * @param registry the application's registry, if any
   */
  public MicrometerBinding(ObjectProvider<MeterRegistry> registry) {
    this.registry = registry;
  }

  /** Adds the registry to the builder; false if the application has none. */
  public boolean apply(SwitchboardTelemetry.Builder builder) {
    MeterRegistry r = registry.getIfAvailable();
    if (r == null) return false;
    builder.micrometer(r);
    return true;
  }
}
