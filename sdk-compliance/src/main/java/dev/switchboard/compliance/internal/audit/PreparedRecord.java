package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;

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

  private static final byte[] NONE = new byte[0];
  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) POW10[i] = POW10[i - 1] * 10;
  }

  private final AuditEvent event;
  private final String eventId;
  private final long recordedMillis;
  // The canonical JSON as UTF-8 in a buffer lent by the caller's thread: bytes [0, holeAt) come
  // before the seq, [holeAt, length) after it. Hashed and written as they are; text only for an
  // entry or a row.
  private final RecordBuffer buffer;
  private final int holeAt;
  private final int length;

  // Set by the appender (one thread at a time); read by the caller after the append completed.
  private long seq = -1;
  private byte[] prev = NONE;
  private byte[] hash = NONE;

  private PreparedRecord(
      AuditEvent event, String eventId, long recordedMillis, RecordBuffer buffer, int holeAt) {
    this.event = event;
    this.eventId = eventId;
    this.recordedMillis = recordedMillis;
    this.buffer = buffer;
    this.holeAt = holeAt;
    this.length = buffer.length();
  }

  /**
   * Stamps and canonicalizes the event, as {@link Chain#link} would, but for a seq not yet known,
   * into this thread's record buffer: the caller must {@link #release} the record once its append
   * returned, and must not prepare another before (or the next gets a buffer of its own).
   */
  static PreparedRecord of(AuditEvent event, Clock clock) {
    return of(event, clock, RecordBuffer.borrow());
  }

  /** As {@link #of}, in a buffer of its own: for a record no caller waits for (an alert). */
  static PreparedRecord unpooled(AuditEvent event, Clock clock) {
    return of(event, clock, RecordBuffer.unpooled());
  }

  private static PreparedRecord of(AuditEvent event, Clock clock, RecordBuffer buffer) {
    // One reading of the clock for the event id and the time stamp (milliseconds, as before).
    long millis = clock.millis();
    String eventId = UuidV7.next(millis).toString();
    int holeAt;
    try {
      holeAt = Jcs.recordUtf8(eventId, event.type(), millis, event.fields(), buffer);
    } catch (RuntimeException | Error e) {
      buffer.giveBack(); // no record holds it
      throw e;
    }
    return new PreparedRecord(event, eventId, millis, buffer, holeAt);
  }

  /**
   * Gives the record's buffer back to its thread, for the next record: called by the caller once
   * its append returned (written and hashed, its entry taken if wanted). Not read after.
   */
  void release() {
    buffer.giveBack();
  }

  /** Links the record as {@code seq} after the 32-byte hash {@code prev}; returns its hash. */
  byte[] link(long seq, byte[] prev, MessageDigest sha) {
    this.seq = seq;
    this.prev = prev;
    byte[] bytes = buffer.bytes();
    sha.update(prev);
    sha.update(bytes, 0, holeAt);
    // The seq's digits, one at a time: no String and no array per record.
    for (int p = digits(seq) - 1; p >= 0; p--) sha.update(seqDigit(p));
    sha.update(bytes, holeAt, length - holeAt);
    this.hash = sha.digest();
    return hash;
  }

  /** The seq's decimal digit for 10^p, as an ASCII byte. */
  private byte seqDigit(int p) {
    return (byte) ('0' + seq / POW10[p] % 10);
  }

  /** The number of decimal digits of a non-negative {@code v}. */
  private static int digits(long v) {
    int n = 1;
    while (n < POW10.length && v >= POW10[n]) n++;
    return n;
  }

  /** The bytes of the linked record's line, newline included. */
  int lineLength() {
    return HASH_OPEN.length
        + 64
        + PREV_OPEN.length
        + 64
        + RECORD_OPEN.length
        + length
        + digits(seq)
        + LINE_CLOSE.length;
  }

  /** Writes the linked record's line (as {@link Chain#line} spells it) into {@code out}. */
  void writeLine(ByteBuffer out) {
    out.put(HASH_OPEN);
    hex(hash, out);
    out.put(PREV_OPEN);
    hex(prev, out);
    out.put(RECORD_OPEN);
    byte[] bytes = buffer.bytes();
    out.put(bytes, 0, holeAt);
    for (int p = digits(seq) - 1; p >= 0; p--) out.put(seqDigit(p));
    out.put(bytes, holeAt, length - holeAt);
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

  /** When the record was stamped (ISO-8601, milliseconds), as its canonical JSON has it. */
  String recorded() {
    return IsoMillis.format(recordedMillis);
  }

  /** The event's type. */
  String eventType() {
    return event.type();
  }

  /** The record's canonical JSON before its seq. */
  String before() {
    return new String(buffer.bytes(), 0, holeAt, StandardCharsets.UTF_8);
  }

  /** The record's canonical JSON after its seq. */
  String after() {
    return new String(buffer.bytes(), holeAt, length - holeAt, StandardCharsets.UTF_8);
  }

  /**
   * The stored entry, built once the record is linked (on the caller's thread). Its record is a
   * read-only view of the stamps and the event's (immutable) fields, not a copy of them, and its
   * canonical JSON is decoded once from the record's bytes with the seq in place.
   */
  AuditEntry entry() {
    String recorded = recorded();
    return new AuditEntry(
        seq,
        eventId,
        recorded,
        event.type(),
        new EntryRecord(seq, eventId, recorded, event.type(), event.fields()),
        canonicalJson(),
        HEX.formatHex(prev),
        HEX.formatHex(hash));
  }

  /** The record's canonical JSON with its seq: the bytes the hash covers, as text. */
  private String canonicalJson() {
    byte[] bytes = buffer.bytes();
    int d = digits(seq);
    byte[] json = new byte[length + d];
    System.arraycopy(bytes, 0, json, 0, holeAt);
    for (int p = d - 1, i = holeAt; p >= 0; p--, i++) json[i] = seqDigit(p);
    System.arraycopy(bytes, holeAt, json, holeAt + d, length - holeAt);
    return new String(json, StandardCharsets.UTF_8);
  }
}
