package dev.switchboard.pipeline;

import dev.switchboard.internal.Checks;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Per-call state that stages hand to each other (the compliance decision for the audit record,
 * the attempts made, the cost so far). One instance per call, shared by every {@link Call}
 * derived from it; thread-safe.
 *
 * @since 0.1
 */
public final class CallAttributes {
  private final Map<AttributeKey<?>, Object> values = new ConcurrentHashMap<>();

  /** The value for the key, if set. */
  public <T> Optional<T> get(AttributeKey<T> key) {
    return Optional.ofNullable(key.cast(values.get(key)));
  }

  /** Sets the value for the key. */
  public <T> void put(AttributeKey<T> key, T value) {
    values.put(key, Checks.notNull(value, key.name()));
  }

  /** The value for the key, setting it from the supplier first if absent. */
  public <T> T computeIfAbsent(AttributeKey<T> key, Supplier<? extends T> supplier) {
    return key.cast(values.computeIfAbsent(key, k -> supplier.get()));
  }

  /** Removes the value for the key. */
  public void remove(AttributeKey<?> key) {
    values.remove(key);
  }

  @Override
  public String toString() {
    return "CallAttributes" + values.keySet();
  }
}
