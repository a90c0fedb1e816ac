package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;

/**
 * Dates written with a month name: "March 3, 2021", "Mar. 3rd", "3 March 2021", "3-Mar-2021",
 * "March 2021", and compact forms such as "03MAR2021". A month name alone is not reported: "in
 * March" names no day and is common in history-taking.
 */
final class DateWordRecognizer {
  static final String V = "date-v1";

  private final Scan s;
  private final Tokens t;

  DateWordRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
  }

  /** Examines month-name token {@code i}. */
  void month(int i) {
    if (!t.capitalized(i)) return;
    int from = dayBefore(i);
    int k = i + 1;
    if (t.isPunct(k, '.') && t.joined(k)) k++;
    if (t.isPunct(k, '-') && t.joined(k)) k++;
    int end = -1;
    boolean day = from < i;
    if (dayToken(k) && !t.has(k + 1, UNIT)) {
      end = k;
      day = true;
      k++;
      if (t.isPunct(k, ',')) k++;
      if (t.isPunct(k, '-') && t.joined(k)) k++;
    }
    boolean year = t.isKind(k, Tokens.NUM) && t.len(k) == 4 && plausible(t.value(k));
    if (year) end = k;
    if (end < 0 && !day) return;
    if (end < 0) end = i;
    double base = day && year ? 0.9 : day ? 0.8 : 0.75;
    s.addTokens(FindingType.DATE, from, end, s.score(base, from, CUE_DATE), V);
  }

  /**
   * The start of a day written before the month ("3 March", "3rd of March", "03-Mar"), else the
   * month.
   */
  private int dayBefore(int i) {
    int k = i - 1;
    if (t.textIs(k, "of")) k--;
    else if (t.isPunct(k, '-') && t.joined(i)) k--;
    return dayToken(k) && !(t.isPunct(k - 1, '/') || t.isPunct(k - 1, '.')) ? k : i;
  }

  /** A day of the month: 1-31, or an ordinal such as 3rd. */
  private boolean dayToken(int k) {
    if (t.isKind(k, Tokens.NUM)) return t.len(k) <= 2 && t.value(k) >= 1 && t.value(k) <= 31;
    if (!t.isKind(k, Tokens.ALNUM) || t.len(k) < 3 || t.len(k) > 4) return false;
    int digits = t.len(k) - 2;
    int v = 0;
    for (int c = t.start[k]; c < t.start[k] + digits; c++) {
      char ch = t.text.charAt(c);
      if (ch < '0' || ch > '9') return false;
      v = v * 10 + ch - '0';
    }
    String suffix =
        t.text.substring(t.start[k] + digits, t.end[k]).toLowerCase(java.util.Locale.ROOT);
    return v >= 1
        && v <= 31
        && (suffix.equals("st")
            || suffix.equals("nd")
            || suffix.equals("rd")
            || suffix.equals("th"));
  }

  /** Compact dates in one token: 03MAR2021, 3Mar21. */
  void alnum(int i) {
    int a = t.start[i];
    int b = t.end[i];
    int l = b - a;
    if (l < 6 || l > 9) return;
    int d = 0;
    while (d < 2 && Character.isDigit(t.text.charAt(a + d))) d++;
    if (d == 0 || a + d + 3 > b) return;
    long f = Vocabulary.WORDS.get(t.text, a + d, a + d + 3);
    int rest = b - (a + d + 3);
    if ((f & MONTH) == 0 || (rest != 2 && rest != 4)) return;
    for (int k = a + d + 3; k < b; k++) if (!Character.isDigit(t.text.charAt(k))) return;
    s.addTokens(FindingType.DATE, i, i, s.score(0.85, i, CUE_DATE), V);
  }

  private static boolean plausible(int y) {
    return y >= 1870 && y <= 2150;
  }
}
