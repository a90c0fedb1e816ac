package dev.switchboard.compliance.internal.audit;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.RandomAccess;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An immutable JSON object whose members are held in RFC 8785 order (keys sorted by UTF-16 code
 * units), checked to be JSON values as they are put. Audit records are built as these: an {@link
 * dev.switchboard.compliance.audit.AuditEvent} keeps one as it is instead of copying it, and {@link
 * Jcs} writes one without sorting its keys, where a {@code LinkedHashMap} cost a deep copy, a key
 * list and a sort per object per record.
 *
 * <p>Values are strings, booleans, numbers, other {@code SortedFields}, and lists of those; a
 * {@code null} value leaves the member out (as the audit trail drops null members anyway). Lists
 * are kept when they are JDK immutable lists of such values and copied otherwise.
 */
public final class SortedFields extends AbstractMap<String, Object> {
  private static final SortedFields EMPTY = new SortedFields(new String[0], new Object[0], 0);

  private final String[] keys;
  private final Object[] values;
  private final int size;

  private SortedFields(String[] keys, Object[] values, int size) {
    this.keys = keys;
    this.values = values;
    this.size = size;
  }

  /** A builder for about {@code expected} members (it grows past that). */
  public static Builder builder(int expected) {
    return new Builder(expected);
  }

  /** The object without members. */
  public static SortedFields empty() {
    return EMPTY;
  }

  /** The key of member {@code i}, in canonical order. */
  public String keyAt(int i) {
    return keys[i];
  }

  /** The value of member {@code i}, in canonical order. */
  public Object valueAt(int i) {
    return values[i];
  }

  @Override
  public int size() {
    return size;
  }

  @Override
  public boolean containsKey(Object key) {
    return key instanceof String s && indexOf(s) >= 0;
  }

  @Override
  public Object get(Object key) {
    if (!(key instanceof String s)) return null;
    int i = indexOf(s);
    return i < 0 ? null : values[i];
  }

  private int indexOf(String key) {
    int lo = 0;
    int hi = size - 1;
    while (lo <= hi) {
      int mid = (lo + hi) >>> 1;
      int c = keys[mid].compareTo(key);
      if (c < 0) lo = mid + 1;
      else if (c > 0) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  @Override
  public void forEach(BiConsumer<? super String, ? super Object> action) {
    for (int i = 0; i < size; i++) action.accept(keys[i], values[i]);
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return new AbstractSet<>() {
      @Override
      public Iterator<Entry<String, Object>> iterator() {
        return new Iterator<>() {
          private int i;

          @Override
          public boolean hasNext() {
            return i < size;
          }

          @Override
          public Entry<String, Object> next() {
            if (i >= size) throw new NoSuchElementException();
            Entry<String, Object> e = new SimpleImmutableEntry<>(keys[i], values[i]);
            i++;
            return e;
          }
        };
      }

      @Override
      public int size() {
        return size;
      }
    };
  }

  /**
   * Collects members; {@link #build} sorts them once. Confined to one thread; not reusable after
   * {@code build}.
   */
  public static final class Builder {
    private String[] keys;
    private Object[] values;
    private int size;

    private Builder(int expected) {
      keys = new String[Math.max(4, expected)];
      values = new Object[keys.length];
    }

    /**
     * Sets member {@code key} (replacing an earlier value); a null value removes it.
     *
     * @throws IllegalArgumentException naming the key if the value is not a JSON value
     */
    public Builder put(String key, Object value) {
      if (key == null) throw new IllegalArgumentException("a JSON member needs a key");
      // Appended as they come (null marks a removal): build() sorts once and keeps the last put of
      // a key, so a record's two dozen members cost no scan per member.
      Object v = value == null ? null : json(value, key);
      if (size == keys.length) {
        keys = Arrays.copyOf(keys, size * 2);
        values = Arrays.copyOf(values, size * 2);
      }
      keys[size] = key;
      values[size] = v;
      size++;
      return this;
    }

    /** The value put for {@code key} so far, or null. */
    public Object get(String key) {
      for (int i = size - 1; i >= 0; i--) if (keys[i].equals(key)) return values[i];
      return null;
    }

    /** The object; members sorted by key. */
    public SortedFields build() {
      // Insertion sort: records have a few dozen members at most, usually put nearly in order. It
      // is stable, so the puts of one key stay in the order they came and the last one wins.
      for (int i = 1; i < size; i++) {
        String k = keys[i];
        Object v = values[i];
        int j = i - 1;
        while (j >= 0 && keys[j].compareTo(k) > 0) {
          keys[j + 1] = keys[j];
          values[j + 1] = values[j];
          j--;
        }
        keys[j + 1] = k;
        values[j + 1] = v;
      }
      int kept = 0;
      for (int i = 0; i < size; i++) {
        boolean replaced = i + 1 < size && keys[i + 1].equals(keys[i]);
        if (replaced || values[i] == null) continue; // a later put, or a removal
        keys[kept] = keys[i];
        values[kept] = values[i];
        kept++;
      }
      if (kept == 0) return EMPTY;
      Arrays.fill(keys, kept, size, null);
      Arrays.fill(values, kept, size, null);
      size = kept;
      SortedFields out = new SortedFields(keys, values, size);
      keys = null; // the arrays now belong to the built object
      values = null;
      return out;
    }
  }

  /** The value as kept: plain values and SortedFields as they are; lists and maps made safe. */
  private static Object json(Object v, String where) {
    if (v instanceof String || v instanceof Boolean || v instanceof Number) return v;
    if (v instanceof SortedFields) return v;
    if (v instanceof List<?> l && JdkImmutables.isList(l) && plainList(l)) return l;
    if (v instanceof Map<?, ?> m) {
      Builder b = new Builder(m.size());
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k))
          throw new IllegalArgumentException(where + ": JSON object keys must be strings");
        b.put(k, e.getValue());
      }
      return b.build();
    }
    if (v instanceof Collection<?> c) {
      List<Object> out = new ArrayList<>(c.size());
      for (Object x : c) {
        if (x == null) throw new IllegalArgumentException(where + ": a list holds null");
        out.add(json(x, where));
      }
      return List.copyOf(out);
    }
    throw new IllegalArgumentException(
        where + ": must be a JSON value, not " + v.getClass().getSimpleName());
  }

  /**
   * True if every element is a plain value or SortedFields (a null, which Stream.toList allows, is
   * not).
   */
  private static boolean plainList(List<?> l) {
    if (l instanceof RandomAccess) {
      for (int i = 0, n = l.size(); i < n; i++) if (!plain(l.get(i))) return false;
      return true;
    }
    for (Object x : l) if (!plain(x)) return false;
    return true;
  }

  private static boolean plain(Object x) {
    return x instanceof String
        || x instanceof Boolean
        || x instanceof Number
        || x instanceof SortedFields
        || (x instanceof List<?> l && JdkImmutables.isList(l) && plainList(l));
  }
}
