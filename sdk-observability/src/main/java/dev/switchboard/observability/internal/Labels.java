package dev.switchboard.observability.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Metric labels, backend-neutral: the same names reach OpenTelemetry attributes and Micrometer
 * tags. Only low-cardinality values go here (operation, provider, model, type names, codes, tag
 * values of allow-listed keys): never call content or identifiers. Immutable.
 */
public final class Labels {
  private final Map<String, String> values;

  private Labels(Map<String, String> values) {
    this.values = Collections.unmodifiableMap(values);
  }

  private static final Labels NONE = new Labels(new LinkedHashMap<>());

  /** No labels (one shared instance: labels are immutable). */
  public static Labels of() {
    return NONE;
  }

  /** A copy with one more label; a null value leaves the label out. */
  public Labels with(String key, String value) {
    if (value == null) return this;
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.put(key, value);
    return new Labels(copy);
  }

  /** A copy with all of another's labels added. */
  public Labels with(Labels more) {
    if (more.values.isEmpty()) return this;
    Map<String, String> copy = new LinkedHashMap<>(values);
    copy.putAll(more.values);
    return new Labels(copy);
  }

  /** The labels, in insertion order. */
  public Map<String, String> asMap() {
    return values;
  }
}
