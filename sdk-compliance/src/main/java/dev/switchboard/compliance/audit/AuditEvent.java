package dev.switchboard.compliance.audit;

import dev.switchboard.compliance.internal.audit.JdkImmutables;
import dev.switchboard.compliance.internal.audit.SortedFields;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
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
      // the field name is joined only on failure: every record passes here, twice per call
      if (fields.containsKey(reserved))
        throw new IllegalArgumentException(
            "AuditEvent.fields." + reserved + ": is set by the trail");
    }
    // A SortedFields is immutable and was checked as it was built: kept as it is.
    if (!(fields instanceof SortedFields)) {
      try {
        fields = Collections.unmodifiableMap(deepCopy(fields));
      } catch (NotJson e) {
        throw new IllegalArgumentException(
            "AuditEvent.fields" + e.path + ": must be a JSON value, not " + e.what);
      }
    }
  }

  /**
   * A value that is not JSON, found while copying; the path to it is built on the way out, so the
   * common case (every value fine) builds no path strings.
   */
  private static final class NotJson extends RuntimeException {
    private static final long serialVersionUID = 1L;
    String path = "";
    final String what;

    NotJson(String what) {
      super(null, null, false, false); // no stack trace: caught just above
      this.what = what;
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> deepCopy(Map<String, Object> m) {
    Map<String, Object> out = new LinkedHashMap<>(Math.max(4, m.size() * 2));
    for (Map.Entry<String, Object> e : m.entrySet()) {
      Object v = e.getValue();
      if (v == null) continue;
      try {
        out.put(e.getKey(), copy(v));
      } catch (NotJson bad) {
        bad.path = "." + e.getKey() + bad.path;
        throw bad;
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Object copy(Object v) {
    if (v instanceof String || v instanceof Boolean || v instanceof Number) return v;
    if (v instanceof SortedFields) return v; // immutable, checked as it was built
    if (keepsAsIs(v)) return v; // List.of / Map.of of plain values: nothing to copy or guard
    if (v instanceof Map<?, ?> m)
      return Collections.unmodifiableMap(deepCopy((Map<String, Object>) m));
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object x : c) {
        if (x == null) throw new NotJson("null (in a list)");
        out.add(copy(x));
      }
      return Collections.unmodifiableList(out);
    }
    throw new NotJson(v.getClass().getSimpleName());
  }

  /**
   * True for a JDK immutable collection ({@code List.of}, {@code Map.of}, {@code copyOf}) holding
   * only strings, booleans, numbers and such collections: it cannot change, so it is kept.
   */
  private static boolean keepsAsIs(Object v) {
    if (!JdkImmutables.isListOrMap(v)) return false;
    if (v instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String) || !plain(e.getValue())) return false;
      }
      return true;
    }
    if (v instanceof List<?> l) {
      for (Object x : l) if (!plain(x)) return false;
      return true;
    }
    return false; // Set.of: copied to a list, as any other collection
  }

  private static boolean plain(Object x) {
    return x instanceof String
        || x instanceof Boolean
        || x instanceof Number
        || x instanceof SortedFields
        || keepsAsIs(x);
  }

  @Override
  public String toString() {
    return "AuditEvent[" + type + ", fields=" + fields.keySet() + "]";
  }
}
