package dev.switchboard.compliance.audit;

import dev.switchboard.spi.Checks;

/**
 * A head of the chain kept somewhere the trail's writers cannot change (signed, on WORM storage):
 * it lets the verifier catch records cut from the end, which no chain can show by itself.
 *
 * @param seq the head's seq
 * @param hash the head's hash (64 hex digits)
 * @since 0.1
 */
public record Checkpoint(long seq, String hash) {
  public Checkpoint {
    Checks.check(seq >= 0, "Checkpoint.seq", "must not be negative");
    Checks.check(
        hash != null && hash.matches("[0-9a-f]{64}"),
        "Checkpoint.hash",
        "must be 64 lowercase hex digits");
  }

  /** The checkpoint of an entry. */
  public static Checkpoint of(AuditEntry entry) {
    return new Checkpoint(entry.seq(), entry.hash());
  }

  /**
   * Parses {@code SEQ:HASH}.
   *
   * @throws IllegalArgumentException if the text is not in that form
   */
  public static Checkpoint parse(String text) {
    int colon = text == null ? -1 : text.indexOf(':');
    Checks.check(colon > 0, "checkpoint", "must be SEQ:HASH");
    try {
      return new Checkpoint(
          Long.parseLong(text.substring(0, colon).trim()), text.substring(colon + 1).trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("checkpoint: must be SEQ:HASH");
    }
  }

  @Override
  public String toString() {
    return seq + ":" + hash;
  }
}
