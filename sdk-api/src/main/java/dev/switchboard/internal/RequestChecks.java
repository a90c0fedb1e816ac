package dev.switchboard.internal;

import dev.switchboard.spi.Checks;
import java.util.Collection;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/** Validation of the parts that chat and embedding requests share. */
public final class RequestChecks {
  private static final Pattern TAG_KEY = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
  private static final Set<String> RESERVED_EXTRAS = Set.of("model", "messages", "stream", "input");

  private RequestChecks() {}

  public static Map<String, String> tags(Map<String, String> tags, String field) {
    Map<String, String> copy = Checks.mapCopy(tags, field);
    for (Map.Entry<String, String> e : copy.entrySet()) {
      if (!TAG_KEY.matcher(e.getKey()).matches()) {
        throw new IllegalArgumentException(field + ": key must match [A-Za-z0-9_.:-]{1,64}");
      }
      if (e.getValue().length() > 256) {
        throw new IllegalArgumentException(
            field + "." + e.getKey() + ": must be at most 256 characters");
      }
    }
    return copy;
  }

  public static Map<String, Object> extras(Map<String, Object> extras, String field) {
    Map<String, Object> copy = Checks.mapCopy(extras, field);
    for (Map.Entry<String, Object> e : copy.entrySet()) {
      Checks.notBlank(e.getKey(), field + " key");
      if (RESERVED_EXTRAS.contains(e.getKey())) {
        throw new IllegalArgumentException(
            field + "." + e.getKey() + ": is set by the SDK and cannot be an extra");
      }
      checkJsonValue(e.getValue(), field + "." + e.getKey());
    }
    return copy;
  }

  private static void checkJsonValue(Object value, String field) {
    if (value == null
        || value instanceof String
        || value instanceof Number
        || value instanceof Boolean) return;
    if (value instanceof Collection<?> c) {
      int i = 0;
      for (Object o : c) checkJsonValue(o, field + "[" + i++ + "]");
      return;
    }
    if (value instanceof Map<?, ?> m) {
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String))
          throw new IllegalArgumentException(field + ": map keys must be strings");
        checkJsonValue(e.getValue(), field + "." + e.getKey());
      }
      return;
    }
    throw new IllegalArgumentException(
        field
            + ": must be a string, number, boolean, list or map, not "
            + value.getClass().getSimpleName());
  }

  public static void modelName(String model, String field) {
    if (model != null) Checks.notBlank(model, field);
  }
}
