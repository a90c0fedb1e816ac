package dev.switchboard.compliance.audit;

import dev.switchboard.spi.Checks;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One event to append to the audit trail, before the trail stamps it with its sequence number,
 * event id and time. Fields are JSON values (strings, numbers, booleans, lists and maps of those).
 * Must never hold raw PHI: only codes, ids, counts and keyed hashes.
 *
 * @param type the event type, such as {@code ai.decision}, {@code ai.response} or {@code
 *     policy.load}
 * @param fields the event's fields; {@code seq}, {@code eventId}, {@code recorded} and {@code
 *     eventType} are the trail's own and may not appear
 * @since 0.1
 */
public record AuditEvent(String type, Map<String, Object> fields) {
  /** Field names the trail sets itself. */
  public static final List<String> RESERVED = List.of("seq", "eventId", "recorded", "eventType");

  public AuditEvent {
    Checks.notBlank(type, "AuditEvent.type");
    Checks.notNull(fields, "AuditEvent.fields");
    for (String reserved : RESERVED) {
      Checks.check(
          !fields.containsKey(reserved), "AuditEvent.fields." + reserved, "is set by the trail");
    }
    fields = Collections.unmodifiableMap(deepCopy(fields, "AuditEvent.fields"));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m, String path) {
    Map<String, Object> out = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v == null) continue;
      out.put(e.getKey(), copy(v, path + "." + e.getKey()));
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copy(Object v, String path) {
    if (v instanceof String || v instanceof Boolean || v instanceof Number) return v;
    if (v instanceof Map<?, ?> m)
      return Collections.unmodifiableMap(deepCopy((Map<String, Object>) m, path));
    if (v instanceof Collection<?> c) return c.stream().map(x -> copy(x, path)).toList();
    throw new IllegalArgumentException(
        path + ": must be a JSON value, not " + v.getClass().getSimpleName());
  }

  @Override
  public String toString() {
    return "AuditEvent[" + type + ", fields=" + fields.keySet() + "]";
  }
}
