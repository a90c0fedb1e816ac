package dev.switchboard.local.internal;

import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderCapabilities;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a provider tells the pipeline a model can do: its defaults, replaced by what the server
 * reported when discovery is on, then the configured overrides. Discovery runs on the first routing
 * to a model and again after {@link #FOUND_TTL} (models get re-pulled); a failed or empty discovery
 * falls back to the defaults and is retried after {@link #MISSING_TTL}, so a server that is down
 * costs one quick probe per half minute, not one per call. Thread-safe; two concurrent first calls
 * may both probe, which is harmless.
 */
public final class CapabilityCache {
  private static final Logger log = LoggerFactory.getLogger(CapabilityCache.class);

  /** How long discovered capabilities are trusted. */
  public static final Duration FOUND_TTL = Duration.ofMinutes(10);

  /** How long to wait before probing again after discovery found nothing or failed. */
  public static final Duration MISSING_TTL = Duration.ofSeconds(30);

  private final String providerId;
  private final boolean discover;
  private final Map<String, CapabilityOverride> overrides;
  private final Function<String, ProviderCapabilities> defaults;
  private final LongSupplier nanoClock;
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private record Entry(ProviderCapabilities discovered, long expiresAtNanos) {}

  /**
   * @param discover whether {@link #capabilities} may probe the server
   * @param defaults the capabilities of a model when nothing was discovered
   */
  public CapabilityCache(
      String providerId,
      boolean discover,
      Map<String, CapabilityOverride> overrides,
      Function<String, ProviderCapabilities> defaults,
      LongSupplier nanoClock) {
    this.providerId = providerId;
    this.discover = discover;
    this.overrides = overrides;
    this.defaults = defaults;
    this.nanoClock = nanoClock;
  }

  /**
   * The model's capabilities for routing; probes with {@code probe} when discovery is on and
   * nothing fresh is cached. Never throws for a failed probe.
   */
  public ProviderCapabilities capabilities(
      String model, Function<String, Optional<ProviderCapabilities>> probe) {
    ProviderCapabilities c = null;
    if (discover) {
      Entry e = entries.get(model);
      if (e == null || nanoClock.getAsLong() - e.expiresAtNanos >= 0) {
        try {
          c = store(model, probe.apply(model)).orElse(null);
        } catch (SwitchboardException ex) {
          log.debug(
              "capability discovery of {} at provider {} failed ({}); using defaults",
              model,
              providerId,
              ex.getClass().getSimpleName());
          store(model, Optional.empty());
        }
      } else {
        c = e.discovered;
      }
    }
    return CapabilityOverride.apply(overrides, model, c != null ? c : defaults.apply(model));
  }

  /** Records a discovery result and returns it with the overrides applied. */
  public Optional<ProviderCapabilities> remember(
      String model, Optional<ProviderCapabilities> discovered) {
    return store(model, discovered).map(c -> CapabilityOverride.apply(overrides, model, c));
  }

  private Optional<ProviderCapabilities> store(
      String model, Optional<ProviderCapabilities> discovered) {
    Duration ttl = discovered.isPresent() ? FOUND_TTL : MISSING_TTL;
    entries.put(model, new Entry(discovered.orElse(null), nanoClock.getAsLong() + ttl.toNanos()));
    return discovered;
  }

  /** The defaults with the overrides applied, for a model nothing was discovered about. */
  public ProviderCapabilities defaults(String model) {
    return CapabilityOverride.apply(overrides, model, defaults.apply(model));
  }
}
