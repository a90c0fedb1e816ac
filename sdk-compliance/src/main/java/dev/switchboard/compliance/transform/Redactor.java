package dev.switchboard.compliance.transform;

import dev.switchboard.compliance.detect.Finding;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.internal.transform.Generalizer;
import dev.switchboard.compliance.internal.transform.Spans;
import dev.switchboard.spi.Checks;
import java.time.Clock;
import java.util.List;

/**
 * One-way redaction of findings in a text. Stateless and thread-safe.
 *
 * <pre>{@code
 * String masked = Redactor.redact(note, detection.findings(), RedactionMode.TYPE_MASK);
 * // "Seen [DATE] by [NAME]; call [PHONE]."
 * }</pre>
 *
 * <p>Findings may come in any order; overlapping findings are merged so that no part of either
 * survives.
 *
 * @since 0.1
 */
public final class Redactor {
  private Redactor() {}

  /**
   * Replaces every finding's span.
   *
   * @throws IllegalArgumentException if an argument is null or a span lies outside the text
   */
  public static String redact(String text, List<Finding> findings, RedactionMode mode) {
    return redact(text, findings, mode, Clock.systemUTC());
  }

  /**
   * As {@link #redact(String, List, RedactionMode)}, with the clock that decides which years reveal
   * an age over 89.
   *
   * @throws IllegalArgumentException if an argument is null or a span lies outside the text
   */
  public static String redact(
      String text, List<Finding> findings, RedactionMode mode, Clock clock) {
    Checks.notNull(text, "text");
    Checks.notNull(mode, "mode");
    Checks.notNull(clock, "clock");
    List<Finding> spans = Spans.normalize(findings, text.length());
    Generalizer generalizer = new Generalizer(clock);
    StringBuilder out = new StringBuilder(text.length());
    int at = 0;
    for (Finding f : spans) {
      out.append(text, at, f.start());
      String original = text.substring(f.start(), f.end());
      switch (mode) {
        case REMOVE -> {}
        case TYPE_MASK -> out.append('[').append(f.type().label()).append(']');
        case GENERALIZE ->
            out.append(
                generalizer.generalize(
                    f.type(),
                    original,
                    f.type() == FindingType.DATE && Generalizer.birthContext(text, f.start())));
      }
      at = f.end();
    }
    return out.append(text, at, text.length()).toString();
  }
}
