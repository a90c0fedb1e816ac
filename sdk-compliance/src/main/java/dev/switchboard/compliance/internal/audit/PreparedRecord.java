package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A record made ready on the caller's thread, outside any lock: event id, time and canonical JSON
 * (split around the one value only the appender knows, its seq). The appender then only links it
 * (seq, previous hash, SHA-256) and copies its bytes, which keeps the ordered part of an append
 * short.
 */
final class PreparedRecord {
  private static final HexFormat HEX = HexFormat.of();
  private static final byte[] HEX_DIGITS = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] HASH_OPEN = "{\"hash\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] PREV_OPEN = "\",\"prev\":\"".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] RECORD_OPEN = "\",\"record\":".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] LINE_CLOSE = "}\n".getBytes(StandardCharsets.US_ASCII);

  private final AuditEvent event;
  private final String eventId;
  private final String recorded;
  private final byte[] beforeUtf8;
  private final byte[] afterUtf8;

  // Set by the appender (one thread at a time); read by the caller after the append completed.
  private long seq = -1;
  private byte[] prev = new byte[0];
  private byte[] hash = new byte[0];
  private byte[] seqDigits = new byte[0];

  private PreparedRecord(AuditEvent event, String eventId, String recorded, byte[][] parts) {
    this.event = event;
    this.eventId = eventId;
    this.recorded = recorded;
    // Only the bytes are kept: hashed and written as they are; text only for an entry or a row.
    this.beforeUtf8 = parts[0];
    this.afterUtf8 = parts[1];
  }

  /**
   * Stamps and canonicalizes the event, as {@link Chain#link} would, but for a seq not yet known.
   */
  static PreparedRecord of(AuditEvent event, Clock clock) {
    String eventId = UuidV7.next(clock).toString();
    String recorded = Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString();
    // The stamp and the event's fields are written as one object without merging them first.
    Map<String, Object> stamp =
        Map.of(
            "seq", Jcs.HOLE, "eventId", eventId, "recorded", recorded, "eventType", event.type());
    return new PreparedRecord(
        event, eventId, recorded, Jcs.canonicalizeAroundUtf8(stamp, event.fields()));
  }

  /** Links the record as {@code seq} after the 32-byte hash {@code prev}; returns its hash. */
  byte[] link(long seq, byte[] prev, MessageDigest sha) {
    this.seq = seq;
    this.prev = prev;
    this.seqDigits = Long.toString(seq).getBytes(StandardCharsets.US_ASCII);
    sha.update(prev);
    sha.update(beforeUtf8);
    sha.update(seqDigits);
    sha.update(afterUtf8);
    this.hash = sha.digest();
    return hash;
  }

  /** The bytes of the linked record's line, newline included. */
  int lineLength() {
    return HASH_OPEN.length
        + 64
        + PREV_OPEN.length
        + 64
        + RECORD_OPEN.length
        + beforeUtf8.length
        + seqDigits.length
        + afterUtf8.length
        + LINE_CLOSE.length;
  }

  /** Writes the linked record's line (as {@link Chain#line} spells it) into {@code out}. */
  void writeLine(ByteBuffer out) {
    out.put(HASH_OPEN);
    hex(hash, out);
    out.put(PREV_OPEN);
    hex(prev, out);
    out.put(RECORD_OPEN);
    out.put(beforeUtf8);
    out.put(seqDigits);
    out.put(afterUtf8);
    out.put(LINE_CLOSE);
  }

  private static void hex(byte[] bytes, ByteBuffer out) {
    for (byte b : bytes) {
      out.put(HEX_DIGITS[(b >> 4) & 0xF]);
      out.put(HEX_DIGITS[b & 0xF]);
    }
  }

  /** The record's event id. */
  String eventId() {
    return eventId;
  }

  /** When the record was stamped (ISO-8601, milliseconds). */
  String recorded() {
    return recorded;
  }

  /** The event's type. */
  String eventType() {
    return event.type();
  }

  /** The record's canonical JSON before its seq. */
  String before() {
    return new String(beforeUtf8, StandardCharsets.UTF_8);
  }

  /** The record's canonical JSON after its seq. */
  String after() {
    return new String(afterUtf8, StandardCharsets.UTF_8);
  }

  /** The stored entry, built once the record is linked (on the caller's thread). */
  AuditEntry entry() {
    Map<String, Object> record = new LinkedHashMap<>(event.fields().size() * 2 + 8);
    record.put("seq", seq);
    record.put("eventId", eventId);
    record.put("recorded", recorded);
    record.put("eventType", event.type());
    record.putAll(event.fields());
    return new AuditEntry(
        seq,
        eventId,
        recorded,
        event.type(),
        record,
        before() + seq + after(),
        HEX.formatHex(prev),
        HEX.formatHex(hash));
  }
}
