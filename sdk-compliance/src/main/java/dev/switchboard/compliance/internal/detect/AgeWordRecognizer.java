package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;
import java.util.List;

/**
 * Ages over 89 written in words: "ninety-one years old", "ninety two y/o", "ninety-four yo", "aged
 * ninety-six", "one hundred and two year old". As with digits, the words must be followed by an age
 * unit or preceded by "age"/"aged"; the finding spans the number words, so GENERALIZE gives "90+
 * years old". One instance per detect call.
 */
final class AgeWordRecognizer {
  static final String V = "age-words-v1";

  private static final List<String> UNITS =
      List.of("one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
  private static final List<String> TEENS =
      List.of(
          "ten",
          "eleven",
          "twelve",
          "thirteen",
          "fourteen",
          "fifteen",
          "sixteen",
          "seventeen",
          "eighteen",
          "nineteen",
          "twenty");

  private final Scan s;
  private final Tokens t;

  AgeWordRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
  }

  /** Examines word token {@code i}, flagged AGE_WORD ("ninety" or "hundred"). */
  void at(int i) {
    int from = i;
    int end;
    if (t.textIs(i, "ninety")) {
      end = unitAfter(i);
    } else if (t.textIs(i, "hundred")) {
      if (!(t.textIs(i - 1, "one") || t.textIs(i - 1, "a"))) return;
      from = i - 1;
      int k = t.textIs(i + 1, "and") ? i + 2 : i + 1;
      end = i;
      if (t.isKind(k, Tokens.WORD) && (UNITS.contains(lower(k)) || TEENS.contains(lower(k))))
        end = t.textIs(k, "twenty") ? unitAfter(k) : k;
    } else {
      return;
    }
    boolean unit = ageUnitAt(t.isPunct(end + 1, '-') ? end + 2 : end + 1);
    int cue = s.cueBefore(from, CUE_AGE);
    boolean cued = cue >= 0 && cue >= from - 3;
    if (unit || cued)
      s.addTokens(FindingType.AGE_OVER_89, from, end, unit && cued ? 0.95 : 0.85, V);
  }

  /** The token of a unit word joined to {@code i} by a hyphen or a space ("ninety-one"), or i. */
  private int unitAfter(int i) {
    int k = t.isPunct(i + 1, '-') && t.joined(i + 1) ? i + 2 : i + 1;
    return t.isKind(k, Tokens.WORD) && UNITS.contains(lower(k)) ? k : i;
  }

  /** "year(s)", "yr(s)", "yo", "y/o", "y.o.", "old" at token {@code k}. */
  private boolean ageUnitAt(int k) {
    return t.has(k, AGE_UNIT)
        || (t.textIs(k, "y") && (t.isPunct(k + 1, '/') || t.isPunct(k + 1, '.')));
  }

  private String lower(int k) {
    return t.text.substring(t.start[k], t.end[k]).toLowerCase(java.util.Locale.ROOT);
  }
}
