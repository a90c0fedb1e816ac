package dev.switchboard.compliance.audit;

import dev.switchboard.spi.Checks;
import java.util.Map;

/**
 * One stored record of the audit trail and its link in the hash chain: {@code hash =
 * SHA-256(prevHash || JCS(record))}, with {@code prevHash} as 32 raw bytes (all zero before the
 * first record) and JCS the RFC 8785 canonical JSON of {@code record}.
 *
 * @param seq the record's position, from 0
 * @param eventId the record's UUIDv7
 * @param recorded when it was recorded (ISO-8601 instant, milliseconds)
 * @param eventType the event type
 * @param record every field of the record, including seq, eventId, recorded and eventType
 * @param canonicalJson the record's canonical JSON, the bytes the hash covers
 * @param prevHash the previous record's hash (64 hex digits)
 * @param hash this record's hash (64 hex digits)
 * @since 0.1
 */
public record AuditEntry(
    long seq,
    String eventId,
    String recorded,
    String eventType,
    Map<String, Object> record,
    String canonicalJson,
    String prevHash,
    String hash) {
  /** The previous hash of the first record. */
  public static final String GENESIS_PREV = "0".repeat(64);

  public AuditEntry {
    Checks.check(seq >= 0, "AuditEntry.seq", "must not be negative");
    Checks.notBlank(eventId, "AuditEntry.eventId");
    Checks.notNull(record, "AuditEntry.record");
    Checks.notNull(canonicalJson, "AuditEntry.canonicalJson");
    Checks.notNull(prevHash, "AuditEntry.prevHash");
    Checks.notNull(hash, "AuditEntry.hash");
  }

  @Override
  public String toString() {
    return "AuditEntry[seq="
        + seq
        + ", "
        + eventType
        + ", "
        + eventId
        + ", hash="
        + hash.substring(0, 12)
        + "...]";
  }
}
