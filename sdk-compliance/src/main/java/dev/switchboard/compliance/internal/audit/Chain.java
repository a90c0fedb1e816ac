package dev.switchboard.compliance.internal.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.internal.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The hash chain: {@code h_i = SHA-256(h_{i-1} || JCS(record_i))}, where {@code h_{i-1}} is the
 * previous hash's 32 raw bytes (zeros before the first record). Also the JSON-lines form of an
 * entry, {@code {"hash":..,"prev":..,"record":{..}}}, in canonical JSON.
 */
public final class Chain {
  private static final HexFormat HEX = HexFormat.of();
  private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {};

  /**
   * Looking up a MessageDigest per record costs more than hashing it; one per thread, reset by
   * digest().
   */
  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
          });

  private Chain() {}

  /** The entry that appends the event after {@code prevHash} as record {@code seq}. */
  public static AuditEntry link(AuditEvent event, long seq, String prevHash, Clock clock) {
    Map<String, Object> record = new LinkedHashMap<>();
    record.put("seq", seq);
    record.put("eventId", UuidV7.next(clock).toString());
    record.put("recorded", Instant.now(clock).truncatedTo(ChronoUnit.MILLIS).toString());
    record.put("eventType", event.type());
    record.putAll(event.fields());
    return entry(record, prevHash);
  }

  /** An entry for a record read back from storage, hashed after {@code prevHash}. */
  public static AuditEntry entry(Map<String, Object> record, String prevHash) {
    String canonical = Jcs.canonicalize(record);
    Object seq = record.get("seq");
    return new AuditEntry(
        seq instanceof Number n ? n.longValue() : -1,
        String.valueOf(record.get("eventId")),
        String.valueOf(record.get("recorded")),
        String.valueOf(record.get("eventType")),
        record,
        canonical,
        prevHash,
        hash(prevHash, canonical));
  }

  /** SHA-256 of the previous hash's bytes followed by the canonical JSON's UTF-8 bytes. */
  public static String hash(String prevHash, String canonicalJson) {
    MessageDigest sha = SHA256.get();
    sha.update(HEX.parseHex(prevHash));
    sha.update(canonicalJson.getBytes(StandardCharsets.UTF_8));
    return HEX.formatHex(sha.digest());
  }

  /** The entry as one line of the JSON-lines file, without the newline. */
  public static String line(AuditEntry e) {
    return "{\"hash\":\""
        + e.hash()
        + "\",\"prev\":\""
        + e.prevHash()
        + "\",\"record\":"
        + e.canonicalJson()
        + "}";
  }

  /** A stored line, parsed; its {@code hash} is what was stored, not recomputed. */
  public record Stored(Map<String, Object> record, String prev, String hash) {}

  /** Parses a stored line, or returns null if it is not a well-formed entry. */
  @SuppressWarnings("unchecked")
  public static Stored parse(String line) {
    try {
      Map<String, Object> m = Json.MAPPER.readValue(line, MAP);
      if (m.get("record") instanceof Map<?, ?> r
          && m.get("hash") instanceof String h
          && m.get("prev") instanceof String p
          && h.matches("[0-9a-f]{64}")
          && p.matches("[0-9a-f]{64}")) {
        return new Stored((Map<String, Object>) r, p, h);
      }
      return null;
    } catch (JsonProcessingException e) {
      return null;
    }
  }
}
