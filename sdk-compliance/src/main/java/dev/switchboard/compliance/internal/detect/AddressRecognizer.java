package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;

/**
 * Geography smaller than a state: street lines ("1420 West Oak Street, Apt 4B"), post office boxes,
 * a city written before a state ("Springfield, IL 62704") and places after "lives in", "moved to".
 * The state itself may stay under Safe Harbor and is not reported.
 */
final class AddressRecognizer {
  static final String V = "address-v1";
  private static final int MAX_STREET_WORDS = 4;

  private final Scan s;
  private final Tokens t;

  AddressRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
  }

  /** A street line starting at house-number token {@code i}. */
  void street(int i) {
    if (t.len(i) > 6 || t.value(i) == 0) return;
    int k = i + 1;
    int words = 0;
    while (k < t.count && words <= MAX_STREET_WORDS && t.gap[k] != Tokens.GAP_NEWLINE) {
      if (t.capitalized(k) && t.has(k, STREET_SUFFIX) && words > 0) {
        finishStreet(i, k);
        return;
      }
      if (!streetWord(k)) return;
      words++;
      k++;
    }
  }

  private boolean streetWord(int k) {
    if (t.isKind(k, Tokens.ALNUM)) return ordinal(k);
    return (t.capitalized(k) && (t.flags[k] & (STOP | COMMON | UNIT)) == 0)
        || (t.has(k, DIRECTION) && t.capitalized(k));
  }

  private boolean ordinal(int k) {
    String w =
        t.text
            .substring(Math.max(t.start[k], t.end[k] - 2), t.end[k])
            .toLowerCase(java.util.Locale.ROOT);
    return Character.isDigit(t.first(k))
        && (w.equals("st") || w.equals("nd") || w.equals("rd") || w.equals("th"));
  }

  private void finishStreet(int from, int suffix) {
    int end = suffix;
    int k = suffix + 1;
    if (t.isPunct(k, '.') && t.joined(k)) {
      end = k;
      k++;
    }
    int unit = t.isPunct(k, ',') ? k + 1 : k;
    if (t.has(unit, ADDRESS_UNIT) || t.isPunct(unit, '#')) {
      int v = unit + 1;
      if (t.isPunct(v, '.')) v++;
      if (t.isPunct(v, '#')) v++;
      if (t.isKind(v, Tokens.NUM)
          || t.isKind(v, Tokens.ALNUM)
          || (t.isKind(v, Tokens.WORD) && t.len(v) <= 2)) {
        end = v;
        k = v + 1;
      }
    }
    int cityEnd = cityAfter(k);
    if (cityEnd > 0) end = cityEnd;
    s.addTokens(FindingType.STREET_ADDRESS, from, end, 0.85, V);
  }

  /** ", City," or ", City ST" after a street line: the last city token, or -1. */
  private int cityAfter(int k) {
    if (!t.isPunct(k, ',')) return -1;
    int end = -1;
    for (int j = k + 1; j < k + 4 && j < t.count; j++) {
      if (t.capitalized(j) && !t.has(j, STATE_NAME) && !(t.has(j, STATE_ABBR) && t.allCaps(j)))
        end = j;
      else break;
    }
    return end;
  }

  /** "PO Box 123", "P.O. Box 123": token {@code i} is "Box". */
  void poBox(int i) {
    if (!t.isKind(i + 1, Tokens.NUM)) return;
    int from = -1;
    if (t.textIs(i - 1, "PO") || t.textIs(i - 1, "POB")) from = i - 1;
    else if (t.isPunct(i - 1, '.')
        && t.textIs(i - 2, "O")
        && t.isPunct(i - 3, '.')
        && t.textIs(i - 4, "P")) from = i - 4;
    if (from >= 0) s.addTokens(FindingType.STREET_ADDRESS, from, i + 1, 0.85, V);
  }

  /** A city written before state token {@code i}: "Springfield, IL 62704", "Dayton, Ohio". */
  void cityBefore(int i) {
    boolean abbr = t.has(i, STATE_ABBR) && t.allCaps(i) && t.len(i) == 2;
    boolean name = t.has(i, STATE_NAME) && t.capitalized(i);
    if (!(abbr || name) || !t.isPunct(i - 1, ',')) return;
    int end = i - 2;
    int from = end;
    while (from >= 0
        && from > end - 3
        && t.capitalized(from)
        && (t.flags[from] & (STOP | COMMON | CREDENTIAL)) == 0
        && t.gap[from + (from == end ? 0 : 1)] != Tokens.GAP_NEWLINE) from--;
    from++;
    if (from > end) return;
    boolean zip = t.isKind(i + 1, Tokens.NUM) && t.len(i + 1) == 5;
    boolean ambiguous = abbr && t.has(i, CREDENTIAL); // "Lee, MD" is a signature, not Maryland
    if (ambiguous && !zip) return;
    s.addTokens(FindingType.STREET_ADDRESS, from, end, zip ? 0.85 : 0.65, V);
  }

  /** "lives in Dayton", "moved to Ann Arbor": token {@code i} is the cue verb. */
  void place(int i) {
    int k = i + 1;
    if (!(t.textIs(k, "in") || t.textIs(k, "to") || t.textIs(k, "near") || t.textIs(k, "at")))
      return;
    int from = k + 1;
    int end = from - 1;
    for (int j = from; j < from + 3 && j < t.count; j++) {
      if (t.capitalized(j) && (t.flags[j] & (STOP | COMMON | STATE_NAME)) == 0) end = j;
      else break;
    }
    if (end >= from) s.addTokens(FindingType.STREET_ADDRESS, from, end, 0.6, V);
  }
}
