package dev.switchboard.pipeline;

import dev.switchboard.spi.Checks;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Per-call state that stages hand to each other (the compliance decision for the audit record, the
 * attempts made, the cost so far). One instance per call, shared by every {@link Call} derived from
 * it; thread-safe.
 *
 * <p>A call holds a handful of attributes, so they live in a small array searched by key identity
 * rather than in a hash map: cheaper on the hot path of every call.
 *
 * @since 0.1
 */
public final class CallAttributes {
  private Object[] entries = new Object[0]; // key, value, key, value, ...

  /** The value for the key, if set. */
  public synchronized <T> Optional<T> get(AttributeKey<T> key) {
    int i = indexOf(key);
    return i < 0 ? Optional.empty() : Optional.of(key.cast(entries[i + 1]));
  }

  /** Sets the value for the key. */
  public synchronized <T> void put(AttributeKey<T> key, T value) {
    Checks.notNull(value, key.name());
    int i = indexOf(key);
    if (i >= 0) {
      entries[i + 1] = value;
      return;
    }
    Object[] grown = Arrays.copyOf(entries, entries.length + 2);
    grown[entries.length] = key;
    grown[entries.length + 1] = value;
    entries = grown;
  }

  /** The value for the key, setting it from the supplier first if absent. */
  public synchronized <T> T computeIfAbsent(AttributeKey<T> key, Supplier<? extends T> supplier) {
    int i = indexOf(key);
    if (i >= 0) return key.cast(entries[i + 1]);
    T value = supplier.get();
    put(key, value);
    return value;
  }

  /** Removes the value for the key. */
  public synchronized void remove(AttributeKey<?> key) {
    int i = indexOf(key);
    if (i < 0) return;
    Object[] shrunk = new Object[entries.length - 2];
    System.arraycopy(entries, 0, shrunk, 0, i);
    System.arraycopy(entries, i + 2, shrunk, i, entries.length - i - 2);
    entries = shrunk;
  }

  private int indexOf(AttributeKey<?> key) {
    for (int i = 0; i < entries.length; i += 2) {
      if (entries[i] == key) return i;
    }
    return -1;
  }

  @Override
  public synchronized String toString() {
    StringBuilder sb = new StringBuilder("CallAttributes[");
    for (int i = 0; i < entries.length; i += 2)
      sb.append(i == 0 ? "" : ", ").append(((AttributeKey<?>) entries[i]).name());
    return sb.append(']').toString();
  }
}
