package dev.switchboard.cost.internal;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Case-insensitive wildcard patterns where {@code *} matches any run of characters. */
public final class Globs {
  private static final Map<String, Pattern> CACHE = new ConcurrentHashMap<>();

  private Globs() {}

  /** True if the value matches the pattern. */
  public static boolean matches(String pattern, String value) {
    if (pattern.equals("*")) return true;
    if (pattern.indexOf('*') < 0) return pattern.equalsIgnoreCase(value);
    return CACHE.computeIfAbsent(pattern, Globs::compile).matcher(value).matches();
  }

  /** How many literal characters the pattern has: more means more specific. */
  public static int literalLength(String pattern) {
    return pattern.replace("*", "").length();
  }

  private static Pattern compile(String pattern) {
    String[] parts = pattern.split("\\*", -1);
    StringBuilder regex = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      if (i > 0) regex.append(".*");
      if (!parts[i].isEmpty()) regex.append(Pattern.quote(parts[i]));
    }
    return Pattern.compile(
        regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.DOTALL);
  }
}
