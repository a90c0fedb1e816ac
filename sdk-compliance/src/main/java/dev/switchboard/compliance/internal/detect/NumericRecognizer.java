package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;

/**
 * Identifiers written with digits: SSN, phone and fax, numeric dates, IPv4, card numbers, ZIP
 * codes, NPI, ages over 89 and street numbers. A number and the numbers joined to it by one
 * separator form a cluster; the cluster's shape (group lengths and separators) picks the candidate
 * type, and a validator or a context cue confirms it. One instance per detect call.
 */
final class NumericRecognizer {
  static final String SSN_V = "ssn-v1";
  static final String PHONE_V = "phone-v1";
  static final String DATE_V = "date-v1";
  static final String IP_V = "ip-v1";
  static final String CARD_V = "card-v1";
  static final String ZIP_V = "zip-v1";
  static final String NPI_V = "npi-v1";
  static final String AGE_V = "age-v1";

  static final int MAX_GROUPS = 6;
  private final Scan s;
  private final Tokens t;
  // The cluster being classified, in the detect call's scratch arrays (written before read).
  private final int[] group;
  private final char[] sep;
  private final int[] len;
  private int groups;

  NumericRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
    Scratch scratch = scan.scratch();
    this.group = scratch.numberGroup;
    this.sep = scratch.numberSep;
    this.len = scratch.numberLen;
  }

  /** Examines the cluster starting at NUM token {@code i}; returns the last token it covers. */
  int scan(int i) {
    if (continuesCluster(i)) return i;
    build(i);
    if (!classify()) {
      int spaced = firstSpaceSep();
      if (spaced > 0) {
        groups = spaced;
        classify();
      }
    }
    if (groups == 1) single(i);
    return group[groups - 1];
  }

  /** A number that follows "NUM-" (no spaces) belongs to a cluster already examined. */
  private boolean continuesCluster(int i) {
    return t.joined(i)
        && t.isKind(i - 1, Tokens.PUNCT)
        && "-./".indexOf(t.first(i - 1)) >= 0
        && t.joined(i - 1)
        && (t.isKind(i - 2, Tokens.NUM) || t.isKind(i - 2, Tokens.ALNUM));
  }

  private void build(int i) {
    groups = 1;
    group[0] = i;
    len[0] = t.len(i);
    int j = i;
    while (groups < MAX_GROUPS) {
      int k = j + 1;
      if (k + 1 < t.count
          && t.kind[k] == Tokens.PUNCT
          && "-./".indexOf(t.first(k)) >= 0
          && t.joined(k)
          && t.kind[k + 1] == Tokens.NUM
          && t.joined(k + 1)) {
        push(t.first(k), k + 1);
        j = k + 1;
      } else if (k < t.count
          && t.kind[k] == Tokens.NUM
          && t.start[k] - t.end[j] == 1
          && t.text.charAt(t.start[k] - 1) == ' ') {
        push(' ', k);
        j = k;
      } else {
        break;
      }
    }
  }

  private void push(char separator, int token) {
    sep[groups] = separator;
    group[groups] = token;
    len[groups] = t.len(token);
    groups++;
  }

  private int firstSpaceSep() {
    for (int g = 1; g < groups; g++) if (sep[g] == ' ') return g;
    return -1;
  }

  private boolean shape(int... lengths) {
    if (lengths.length != groups) return false;
    for (int g = 0; g < groups; g++) if (len[g] != lengths[g]) return false;
    return true;
  }

  private boolean sameSeps(String allowed) {
    for (int g = 1; g < groups; g++)
      if (sep[g] != sep[1] || allowed.indexOf(sep[g]) < 0) return false;
    return true;
  }

  private int first() {
    return group[0];
  }

  private int last() {
    return group[groups - 1];
  }

  private int val(int g) {
    return t.value(group[g]);
  }

  private String digits() {
    StringBuilder b = new StringBuilder(20);
    for (int g = 0; g < groups; g++) b.append(t.text, t.start[group[g]], t.end[group[g]]);
    return b.toString();
  }

  private boolean classify() {
    switch (groups) {
      case 4:
        return ipv4() || phone11() || card();
      case 3:
        return ssn() || phone10() || date3() || isoDate() || card();
      case 2:
        return zipPlus4() || localPhone() || monthYear() || dayMonth();
      default:
        return false;
    }
  }

  private boolean ipv4() {
    if (!sameSeps(".") || (t.isPunct(last() + 1, '.') && t.isKind(last() + 2, Tokens.NUM)))
      return false;
    if (!Validators.ipv4(t.text.substring(t.start[first()], t.end[last()]))) return false;
    s.addTokens(FindingType.IP_ADDRESS, first(), last(), s.score(0.8, first(), CUE_IP), IP_V);
    return true;
  }

  private boolean ssn() {
    if (!shape(3, 2, 4) || !sameSeps("- ")) return false;
    if (!Validators.ssn(digits())) {
      // A published or impossible number is still the patient's SSN when the text says so.
      if (s.cueBefore(first(), CUE_SSN) >= 0) {
        s.addTokens(FindingType.SSN, first(), last(), 0.9, SSN_V);
        return true;
      }
      return sep[1] == '-';
    }
    s.addTokens(
        FindingType.SSN,
        first(),
        last(),
        s.score(sep[1] == '-' ? 0.85 : 0.55, first(), CUE_SSN),
        SSN_V);
    return true;
  }

  private boolean phone10() {
    if (!shape(3, 3, 4)) return false;
    boolean seps = sameSeps("-.") || sameSeps(" ") || (sep[1] == ' ' && sep[2] == '-');
    if (!seps || !Validators.nanp(text(0), text(1))) return false;
    int from = prefixStart(first());
    phone(from, last(), sep[1] == ' ' ? 0.6 : 0.75);
    return true;
  }

  private boolean phone11() {
    if (!shape(1, 3, 3, 4) || val(0) != 1 || !sameSeps("-. ")) return false;
    if (!Validators.nanp(text(1), text(2))) return false;
    phone(prefixStart(first()), last(), 0.8);
    return true;
  }

  /** Includes a "+" written right before the number. */
  private int prefixStart(int token) {
    return t.isPunct(token - 1, '+') && t.joined(token) ? token - 1 : token;
  }

  private boolean localPhone() {
    if (!shape(3, 4) || sep[1] != '-' || t.first(first()) < '2') return false;
    if (s.cueBefore(first(), CUE_PHONE | CUE_FAX) < 0) return false;
    phone(first(), last(), 0.3);
    return true;
  }

  /** A phone number, or a fax number when the nearest phone-or-fax cue before it says fax. */
  void phone(int from, int to, double base) {
    int cue = s.cueBefore(from, CUE_PHONE | CUE_FAX);
    boolean fax = cue >= 0 && t.has(cue, CUE_FAX);
    double score = cue >= 0 ? base + Scan.CUE_BOOST : base;
    s.addTokens(fax ? FindingType.FAX : FindingType.PHONE, from, to, score, PHONE_V);
  }

  private String text(int g) {
    return t.text.substring(t.start[group[g]], t.end[group[g]]);
  }

  private boolean date3() {
    if (!(len[0] <= 2 && len[1] <= 2 && (len[2] == 2 || len[2] == 4)) || !sameSeps("/-."))
      return false;
    int a = val(0);
    int b = val(1);
    boolean valid =
        (a >= 1 && a <= 12 && b >= 1 && b <= 31) || (b >= 1 && b <= 12 && a >= 1 && a <= 31);
    if (!valid || (len[2] == 4 && !plausibleYear(val(2)))) return false;
    double base =
        len[2] == 4
            ? (sep[1] == '.' ? 0.7 : 0.85)
            : (sep[1] == '/' ? 0.7 : sep[1] == '-' ? 0.6 : 0.4);
    if (unitOrScaleAround()) return false;
    s.addTokens(FindingType.DATE, first(), last(), s.score(base, first(), CUE_DATE), DATE_V);
    return true;
  }

  private boolean isoDate() {
    if (!shape(4, 2, 2) || !sameSeps("-/.")) return false;
    if (!plausibleYear(val(0)) || val(1) < 1 || val(1) > 12 || val(2) < 1 || val(2) > 31)
      return false;
    s.addTokens(FindingType.DATE, first(), last(), s.score(0.9, first(), CUE_DATE), DATE_V);
    return true;
  }

  private boolean monthYear() {
    if (!(len[0] <= 2 && len[1] == 4) || !sameSeps("/-")) return false;
    if (val(0) < 1 || val(0) > 12 || !plausibleYear(val(1))) return false;
    s.addTokens(FindingType.DATE, first(), last(), s.score(0.7, first(), CUE_DATE), DATE_V);
    return true;
  }

  /**
   * "3/14" has no year: a date only with a date cue and no scale, ratio, dose or pain around it.
   */
  private boolean dayMonth() {
    if (!(len[0] <= 2 && len[1] <= 2) || sep[1] != '/') return false;
    int a = val(0);
    int b = val(1);
    if (a < 1 || a > 12 || b < 1 || b > 31) return false;
    if (b == 10 || unitOrScaleAround())
      return false; // "7/10" is a pain score far more often than July 10
    s.addTokens(FindingType.DATE, first(), last(), s.score(0.25, first(), CUE_DATE), DATE_V);
    return true;
  }

  private boolean unitOrScaleAround() {
    return (s.cueBefore(first(), NOT_DATE) >= first() - 3 && s.cueBefore(first(), NOT_DATE) >= 0)
        || t.has(last() + 1, UNIT | NOT_DATE)
        || t.isPunct(last() + 1, '%');
  }

  private static boolean plausibleYear(int y) {
    return y >= 1870 && y <= 2150;
  }

  private boolean card() {
    boolean grouped = (shape(4, 4, 4, 4) || shape(4, 6, 5) || shape(4, 6, 4)) && sameSeps("- ");
    if (!grouped || !Validators.card(digits())) return false;
    s.addTokens(FindingType.CARD_NUMBER, first(), last(), s.score(0.9, first(), CUE_CARD), CARD_V);
    return true;
  }

  private boolean zipPlus4() {
    if (!shape(5, 4) || sep[1] != '-') return false;
    s.addTokens(FindingType.ZIP_CODE, first(), last(), zipContext(first()) ? 0.9 : 0.55, ZIP_V);
    return true;
  }

  /** A state before the number (", MA 02114", "Ohio 44101") or a ZIP cue within the window. */
  private boolean zipContext(int i) {
    int p = t.isPunct(i - 1, ',') ? i - 2 : i - 1;
    if (t.has(p, STATE_ABBR) && t.allCaps(p)) return true;
    if (t.has(p, STATE_NAME) && t.capitalized(p)) return true;
    return s.cueBefore(i, CUE_ZIP) >= 0;
  }

  /** A lone number: SSN, NPI, phone, card, compact date, ZIP or age, by length and context. */
  private void single(int i) {
    int l = t.len(i);
    String d = l >= 8 ? t.text.substring(t.start[i], t.end[i]) : null;
    switch (l) {
      case 9 -> {
        if (Validators.ssn(d)) s.addTokens(FindingType.SSN, i, i, s.score(0.3, i, CUE_SSN), SSN_V);
        else if (s.cueBefore(i, CUE_SSN) >= 0) s.addTokens(FindingType.SSN, i, i, 0.9, SSN_V);
      }
      case 10 -> tenDigits(i, d);
      case 8 -> compactDate(i, d);
      case 5 -> {
        if (zipContext(i)) s.addTokens(FindingType.ZIP_CODE, i, i, 0.85, ZIP_V);
      }
      default -> {}
    }
    if (l >= 13 && l <= 19 && Validators.card(d)) {
      s.addTokens(FindingType.CARD_NUMBER, i, i, s.score(0.75, i, CUE_CARD), CARD_V);
    }
    if (l <= 3) age(i);
  }

  private void tenDigits(int i, String d) {
    if (Validators.npi(d)) s.addTokens(FindingType.NPI, i, i, s.score(0.6, i, CUE_NPI), NPI_V);
    if (Validators.nanp(d.substring(0, 3), d.substring(3, 6))) phone(i, i, 0.3);
  }

  private void compactDate(int i, String d) {
    int y = Integer.parseInt(d.substring(0, 4));
    int m = Integer.parseInt(d.substring(4, 6));
    int day = Integer.parseInt(d.substring(6, 8));
    if (plausibleYear(y) && m >= 1 && m <= 12 && day >= 1 && day <= 31) {
      s.addTokens(FindingType.DATE, i, i, s.score(0.3, i, CUE_DATE), DATE_V);
    }
  }

  /** 90 to 125 followed by "-year-old", "years old", "yo", "y/o", "y.o." or after "age"/"aged". */
  private void age(int i) {
    int v = t.value(i);
    if (v < 90 || v > 125) return;
    int k = t.isPunct(i + 1, '-') ? i + 2 : i + 1;
    boolean unit =
        t.has(k, AGE_UNIT)
            || (t.textIs(k, "y") && (t.isPunct(k + 1, '/') || t.isPunct(k + 1, '.')));
    boolean cue = s.cueBefore(i, CUE_AGE) >= i - 3 && s.cueBefore(i, CUE_AGE) >= 0;
    if (unit || cue) s.addTokens(FindingType.AGE_OVER_89, i, i, unit && cue ? 0.95 : 0.85, AGE_V);
  }
}
