package dev.switchboard.spi;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.AbstractMap;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Argument checks in the SDK's message style ({@code ChatRequest.temperature: must be between 0 and
 * 2}), shared by the value types of the core and of provider and feature modules, so that every
 * module reports bad input the same way. Every failure names the field, never the value, because
 * values may hold patient text or credentials. Failures are {@link IllegalArgumentException}s.
 *
 * @since 0.2
 */
public final class Checks {
  private static final Pattern TOOL_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,64}");

  private Checks() {}

  /** An ISO 4217 style code: three capital letters, such as USD. */
  public static String currencyCode(String currency, String field) {
    notNull(currency, field);
    // Checked by hand, not by regex: every Cost passes here, several times per call.
    boolean ok = currency.length() == 3;
    for (int i = 0; ok && i < 3; i++) ok = currency.charAt(i) >= 'A' && currency.charAt(i) <= 'Z';
    check(ok, field, "must be three capital letters, such as USD");
    return currency;
  }

  /**
   * Why a file that will be appended to (a ledger, an audit trail) cannot be, as far as can be told
   * before the first write: it is a directory, it is read-only, or it does not exist and its
   * nearest existing parent is not a directory or cannot be written. Config readers report the
   * reason against the key that named the file, so that {@code switchboard config check} finds it.
   *
   * @param file the file, resolved against the config's directory
   * @return the reason, such as {@code is a directory}, or empty if nothing stands in the way
   * @since 0.2
   */
  public static Optional<String> whyNotWritable(Path file) {
    notNull(file, "file");
    Path p = file.toAbsolutePath().normalize();
    if (Files.isDirectory(p)) return Optional.of("is a directory");
    if (Files.exists(p)) {
      return Files.isWritable(p)
          ? Optional.empty()
          : Optional.of("cannot be written (the file is read-only)");
    }
    Path parent = p.getParent();
    while (parent != null && !Files.exists(parent)) parent = parent.getParent();
    if (parent == null) return Optional.empty();
    if (!Files.isDirectory(parent))
      return Optional.of("cannot be created (" + parent + " is not a directory)");
    if (!Files.isWritable(parent))
      return Optional.of("cannot be written (parent directory " + parent + " is read-only)");
    return Optional.empty();
  }

  public static <T> T notNull(T value, String field) {
    if (value == null) throw new IllegalArgumentException(field + ": must not be null");
    return value;
  }

  public static String notBlank(String value, String field) {
    if (value == null || value.isBlank())
      throw new IllegalArgumentException(field + ": must not be blank");
    return value;
  }

  public static void check(boolean condition, String field, String problem) {
    if (!condition) throw new IllegalArgumentException(field + ": " + problem);
  }

  public static String toolName(String name, String field) {
    notNull(name, field);
    if (!TOOL_NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(field + ": must match [a-zA-Z0-9_-]{1,64}");
    }
    return name;
  }

  /**
   * Immutable copy that rejects null elements, naming the list and the index. Shares lists that are
   * already immutable (List.of, List.copyOf), so values copied twice cost nothing.
   */
  public static <T> List<T> listCopy(Collection<? extends T> values, String field) {
    if (values == null || values.isEmpty()) return List.of();
    int i = 0;
    for (T value : values) {
      if (value == null)
        throw new IllegalArgumentException(field + "[" + i + "]: must not be null");
      i++;
    }
    return List.copyOf(values);
  }

  /** Immutable, insertion-ordered copy that rejects null keys and values; shares frozen maps. */
  @SuppressWarnings("unchecked")
  public static <K, V> Map<K, V> mapCopy(Map<? extends K, ? extends V> values, String field) {
    if (values == null || values.isEmpty()) return Map.of();
    if (values instanceof FrozenMap) return (Map<K, V>) values;
    Map<K, V> copy = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> e : values.entrySet()) {
      if (e.getKey() == null) throw new IllegalArgumentException(field + ": keys must not be null");
      if (e.getValue() == null)
        throw new IllegalArgumentException(field + "." + e.getKey() + ": must not be null");
      copy.put(e.getKey(), e.getValue());
    }
    return new FrozenMap<>(copy);
  }

  /** An insertion-ordered map nobody can change: only {@link #mapCopy} makes them. */
  private static final class FrozenMap<K, V> extends AbstractMap<K, V> {
    private final Set<Map.Entry<K, V>> entries;
    private final Map<K, V> map;

    FrozenMap(Map<K, V> map) {
      this.map = map;
      this.entries = Collections.unmodifiableMap(map).entrySet();
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
      return entries;
    }

    @Override
    public V get(Object key) {
      return map.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
      return map.containsKey(key);
    }

    @Override
    public int size() {
      return map.size();
    }
  }

  /** Total characters of the given strings, for size-only {@code toString()} output. */
  public static long chars(Collection<String> values) {
    long n = 0;
    for (String v : values) n += v == null ? 0 : v.length();
    return n;
  }

  public static int length(String value) {
    return value == null ? 0 : value.length();
  }

  public static boolean equal(Object a, Object b) {
    return Objects.equals(a, b);
  }
}
