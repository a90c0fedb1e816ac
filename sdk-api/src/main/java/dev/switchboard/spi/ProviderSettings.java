package dev.switchboard.spi;

import dev.switchboard.auth.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one section of a config document, with {@code ${VAR}} substitution done: a
 * provider's section for {@link ModelProviderFactory#parse}, the document for a {@link
 * FeatureConfigReader}, or a file of its own read with {@link
 * dev.switchboard.config.SettingsDocument}. Readers never throw for bad values: they report a
 * problem at the key's path and return empty, so that one load lists every problem. Keys never read
 * are reported as unknown. Values are never echoed in problems.
 *
 * @since 0.1
 */
public interface ProviderSettings {

  /** The path of this section, such as {@code providers.foundry-us}. */
  String path();

  /** The keys present in this section. */
  Set<String> keys();

  /** True if the key is present. Does not count as reading it. */
  boolean has(String key);

  /** A string value. */
  Optional<String> string(String key);

  /** A string that must be present; reports a problem and returns "" when missing. */
  String requiredString(String key);

  /** A secret: never echoed, never logged. */
  Optional<Secret> secret(String key);

  /** An absolute http or https URL. */
  Optional<URI> url(String key);

  Optional<Integer> integer(String key);

  Optional<Double> number(String key);

  Optional<Boolean> bool(String key);

  /** A duration written as {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h} or ISO-8601. */
  Optional<Duration> duration(String key);

  /**
   * A size in bytes written as {@code 262144}, {@code 256KB}, {@code 16MB} or {@code 1GiB} (units
   * of 1024), zero allowed; a malformed or negative value is reported as a problem and reads as
   * empty.
   *
   * @since 0.4
   */
  default Optional<Long> byteSize(String key) {
    Optional<Object> raw = raw(key);
    if (raw.isEmpty()) return Optional.empty();
    Optional<Long> v = ResponseLimits.parseSize(String.valueOf(raw.get()));
    if (v.isEmpty()) problem(key, "must be a size such as 262144, 256KB or 16MB");
    return v;
  }

  /** One of the allowed values (case-sensitive). */
  Optional<String> oneOf(String key, Set<String> allowed);

  /** A list of strings; a single string counts as a list of one. */
  List<String> stringList(String key);

  /** A map of string to string. */
  Map<String, String> stringMap(String key);

  /** A nested section. */
  Optional<ProviderSettings> section(String key);

  /** A list of nested sections. */
  List<ProviderSettings> sections(String key);

  /** A JSON-compatible value (maps, lists, scalars) as plain Java objects. */
  Optional<Object> raw(String key);

  /**
   * Marks a key as handled without reading it: for keys a reported problem already covers, or that
   * another part of the SDK reads, so they are not also reported as unknown.
   */
  void markRead(String key);

  /**
   * Marks every key of this section as handled, for a section whose other keys cannot be judged.
   */
  void markAllRead();

  /** Reports a problem with the given key (or with the section when key is null). */
  void problem(@Nullable String key, String message);

  /**
   * Reports a problem that belongs to a document of a known kind with a stable code, such as a
   * compliance policy the config names ({@code POLICY_INVALID}). The problem's text starts with the
   * code, and the loader's {@link dev.switchboard.error.ConfigException#code()} is that code, so a
   * caller can tell an invalid policy from a config typo without reading messages.
   *
   * @param code the stable code, for example {@code POLICY_INVALID}
   * @since 0.3
   */
  default void problem(@Nullable String key, String message, String code) {
    problem(key, code + " " + message);
  }
}
