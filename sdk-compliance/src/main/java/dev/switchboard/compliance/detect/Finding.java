package dev.switchboard.compliance.detect;

import dev.switchboard.spi.Checks;

/**
 * One identifier found in a text.
 *
 * @param type what was found
 * @param start the index of the first character, in the scanned text
 * @param end the index after the last character ({@code end > start})
 * @param confidence how sure the recognizer is, from 0 to 1 (a nearby cue word raises it)
 * @param recognizer the versioned recognizer that produced it, for example {@code ssn-v1}
 * @since 0.1
 */
public record Finding(FindingType type, int start, int end, double confidence, String recognizer) {
  public Finding {
    Checks.notNull(type, "Finding.type");
    Checks.check(start >= 0, "Finding.start", "must not be negative");
    Checks.check(end > start, "Finding.end", "must be greater than start");
    Checks.check(
        confidence >= 0.0 && confidence <= 1.0, "Finding.confidence", "must be within [0, 1]");
    Checks.notBlank(recognizer, "Finding.recognizer");
  }

  /** The number of characters covered. */
  public int length() {
    return end - start;
  }

  /** True if this finding shares at least one character with the other. */
  public boolean overlaps(Finding other) {
    return start < other.end && other.start < end;
  }

  /**
   * The covered text of the scanned string. The result is PHI: never log it.
   *
   * @throws IndexOutOfBoundsException if the span lies outside {@code scanned}
   */
  public String text(CharSequence scanned) {
    return scanned.subSequence(start, end).toString();
  }

  /** Type, span, confidence and recognizer; never the text. */
  @Override
  public String toString() {
    return "Finding["
        + type
        + " "
        + start
        + ".."
        + end
        + " "
        + String.format(java.util.Locale.ROOT, "%.2f", confidence)
        + " "
        + recognizer
        + "]";
  }
}
