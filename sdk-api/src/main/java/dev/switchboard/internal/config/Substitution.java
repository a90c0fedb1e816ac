package dev.switchboard.internal.config;

import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ${VAR}} and {@code ${VAR:-default}} in config values; <code>$${</code> is a literal <code>
 * ${</code>. An unset variable without a default is a problem that names the variable, never a
 * value.
 */
final class Substitution {
  private static final Pattern REF =
      Pattern.compile("\\$\\$\\{|\\$\\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?}");

  private Substitution() {}

  /** The substituted text, or null after reporting an unset variable to {@code problem}. */
  static String apply(
      String text, Function<String, String> env, java.util.function.Consumer<String> problem) {
    if (text.indexOf('$') < 0) return text;
    Matcher m = REF.matcher(text);
    StringBuilder out = new StringBuilder();
    boolean ok = true;
    while (m.find()) {
      String replacement;
      if (m.group().equals("$${")) {
        replacement = "${";
      } else {
        String value = env.apply(m.group(1));
        if (value == null || (value.isEmpty() && m.group(2) != null)) value = m.group(2);
        if (value == null) {
          problem.accept("environment variable " + m.group(1) + " is not set");
          ok = false;
          value = "";
        }
        replacement = value;
      }
      m.appendReplacement(out, Matcher.quoteReplacement(replacement));
    }
    m.appendTail(out);
    if (!ok) return null;
    if (out.indexOf("${") >= 0 && !text.contains("$${")) {
      problem.accept("has an unterminated or invalid ${...} reference");
      return null;
    }
    return out.toString();
  }
}
