package dev.switchboard.spring.internal;

import dev.switchboard.ModelClient;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.spring.SwitchboardStatus;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;

/**
 * One Actuator health indicator per provider: the server's own status probe where the adapter has
 * one (up, down, loading), {@code DEGRADED} while a circuit breaker of the provider is open.
 * Details hold the state and the server's version, never a URL with credentials or a key.
 */
public final class ProviderHealth {
  /** A server still loading its model. */
  public static final Status LOADING = new Status("LOADING", "the server is loading a model");

  /** Up, but a circuit breaker of the provider is open: calls go to other targets. */
  public static final Status DEGRADED =
      new Status("DEGRADED", "a circuit breaker of this provider is open");

  private ProviderHealth() {}

  /** The composite contributor: one indicator per provider id. */
  public static HealthContributor of(ModelClient client, SwitchboardStatus status) {
    Map<String, HealthIndicator> byProvider = new LinkedHashMap<>();
    for (String id : client.providers()) byProvider.put(id, () -> health(client, status, id));
    return CompositeHealthContributor.fromMap(byProvider);
  }

  static Health health(ModelClient client, SwitchboardStatus status, String id) {
    Optional<ServerStatus> s;
    try {
      s = client.providerStatus(id);
    } catch (RuntimeException e) {
      // the probe itself failed: report by type only, the message may hold anything
      return Health.down().withDetail("error", e.getClass().getName()).build();
    }
    boolean open = status.anyCircuitOpen(id);
    Health.Builder b;
    if (s.isEmpty()) {
      b = Health.up().withDetail("probe", "none: the provider has no status endpoint");
    } else {
      ServerStatus st = s.get();
      switch (st.state()) {
        case UP:
          b = Health.up();
          break;
        case LOADING:
          b = Health.status(LOADING);
          break;
        default:
          b = Health.down();
          break;
      }
      b.withDetail("state", st.state().name().toLowerCase(java.util.Locale.ROOT));
      st.versionIfKnown().ifPresent(v -> b.withDetail("version", v));
    }
    b.withDetail("circuit", open ? "open" : "closed");
    Health h = b.build();
    if (open && h.getStatus().equals(Status.UP))
      return Health.status(DEGRADED).withDetails(h.getDetails()).build();
    return h;
  }
}
