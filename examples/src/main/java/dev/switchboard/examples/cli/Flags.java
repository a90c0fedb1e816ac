package dev.switchboard.examples.cli;

import java.util.Map;

/**
 * Turns the SDK's validation messages, which name Java fields ({@code ChatRequest.temperature: must
 * be between 0 and 2}), into ones that name the flag and the value the user typed ({@code
 * --temperature 5: must be between 0 and 2}).
 */
final class Flags {
  private Flags() {}

  /**
   * The usage error for {@code e}, if its message names one of {@code fields} (a Java field mapped
   * to its flag and the value given); else {@code e} itself.
   *
   * @param fields Java field name (such as {@code ChatRequest.temperature}) to {@code {flag,
   *     value}}
   */
  static RuntimeException translate(IllegalArgumentException e, Map<String, Object[]> fields) {
    String message = e.getMessage() == null ? "" : e.getMessage();
    for (Map.Entry<String, Object[]> f : fields.entrySet()) {
      String prefix = f.getKey() + ": ";
      if (message.startsWith(prefix) && f.getValue()[1] != null) {
        return UsageError.of(
            (String) f.getValue()[0], f.getValue()[1], message.substring(prefix.length()));
      }
    }
    return e;
  }
}
