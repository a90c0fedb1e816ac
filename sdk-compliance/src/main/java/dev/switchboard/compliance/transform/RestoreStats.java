package dev.switchboard.compliance.transform;

import dev.switchboard.spi.Checks;

/**
 * What restoring pseudonyms in answers did so far.
 *
 * @param restored tokens replaced by their original value (exact and lenient)
 * @param lenient the part of {@code restored} matched leniently (other case or brackets)
 * @param unknown bracketed tokens that the vault never issued: invented by the model, left as they
 *     are
 * @since 0.1
 */
public record RestoreStats(int restored, int lenient, int unknown) {
  /** Nothing restored. */
  public static final RestoreStats NONE = new RestoreStats(0, 0, 0);

  public RestoreStats {
    Checks.check(restored >= 0, "RestoreStats.restored", "must not be negative");
    Checks.check(
        lenient >= 0 && lenient <= restored,
        "RestoreStats.lenient",
        "must be within [0, restored]");
    Checks.check(unknown >= 0, "RestoreStats.unknown", "must not be negative");
  }

  /** True if the model produced tokens the vault never issued. */
  public boolean hasUnknown() {
    return unknown > 0;
  }
}
