package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A business associate agreement with a provider's vendor.
 *
 * @param ref the agreement's reference, recorded in the audit trail
 * @param scope the modalities it covers; empty means all of them
 * @param expires the last day it is in force, or null if open-ended
 * @since 0.1
 */
public record Baa(String ref, Set<Modality> scope, @Nullable LocalDate expires) {
  public Baa {
    Checks.notBlank(ref, "Baa.ref");
    scope = scope == null ? Set.of() : Set.copyOf(scope);
  }

  /** An agreement covering every modality until the given day (null: open-ended). */
  public static Baa of(String ref, @Nullable LocalDate expires) {
    return new Baa(ref, Set.of(), expires);
  }

  /** True if the agreement is in force on the given day. An expired BAA counts as none. */
  public boolean inForce(LocalDate today) {
    return expires == null || !today.isAfter(expires);
  }

  /** True if it covers the modality. */
  public boolean covers(Modality modality) {
    return scope.isEmpty() || scope.contains(modality);
  }

  public Optional<LocalDate> expiresOn() {
    return Optional.ofNullable(expires);
  }
}
