package dev.switchboard.mock.internal;

import java.util.Collection;
import java.util.List;

/**
 * Argument checks for the mock's public types, with the core's wording: every failure names the
 * field, never the value (mock scripts may hold realistic patient text). The mock keeps its own
 * few lines rather than importing the core's {@code dev.switchboard.internal} package, which is
 * not a contract between modules. Not API.
 */
public final class Checks {
  private Checks() {}

  public static <T> T notNull(T value, String field) {
    if (value == null) throw new IllegalArgumentException(field + ": must not be null");
    return value;
  }

  public static String notBlank(String value, String field) {
    if (value == null || value.isBlank()) throw new IllegalArgumentException(field + ": must not be blank");
    return value;
  }

  public static void check(boolean condition, String field, String problem) {
    if (!condition) throw new IllegalArgumentException(field + ": " + problem);
  }

  /** Immutable copy that rejects null elements, naming the list and the index. */
  public static <T> List<T> listCopy(Collection<? extends T> values, String field) {
    if (values == null) return List.of();
    int i = 0;
    for (T value : values) check(value != null, field + "[" + i++ + "]", "must not be null");
    return List.copyOf(values);
  }
}
