package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;
import java.util.List;
import java.util.regex.Matcher;

/**
 * Record numbers and codes: an identifier written after a cue word ("MRN: 00482913", "Member ID
 * W123456789", "serial no. SN-88213"), validated letter-digit codes (DEA, MBI, VIN), ages such as
 * "92yo", and the site's own patterns.
 */
final class IdRecognizer {
  static final String CUE_V = "id-cue-v1";
  static final String DEA_V = "dea-v1";
  static final String MBI_V = "mbi-v1";
  static final String VIN_V = "vin-v1";
  static final String AGE_V = "age-v1";
  static final String SITE_V = "site-pattern-v1";
  private static final int LOOKAHEAD = 5;

  private final Scan s;
  private final Tokens t;
  private final List<DetectorSettings.SitePattern> sitePatterns;

  IdRecognizer(Scan scan, List<DetectorSettings.SitePattern> sitePatterns) {
    this.s = scan;
    this.t = scan.tok;
    this.sitePatterns = sitePatterns;
  }

  /** The identifier after cue word {@code i}. */
  void afterCue(int i) {
    afterCue(i, typeOf(t.flags[i]));
  }

  /**
   * The identifier of the given type after cue token {@code i}. An identifier after an explicit cue
   * is that identifier whatever its shape: a record, plan, account or device number outranks a
   * card, phone or SSN shape, and no list of published example numbers exempts it.
   */
  void afterCue(int i, FindingType type) {
    int j = i + 1;
    for (int k = 0; k < LOOKAHEAD && j < t.count; k++, j++) {
      if (t.gap[j] == Tokens.GAP_NEWLINE && k > 0) return;
      byte kind = t.kind[j];
      // A full stop after a whole word ends the sentence ("...at implant. MRN: ..."); after an
      // abbreviation ("Acct. No.") it does not.
      if (t.isPunct(j, '.') && t.len(j - 1) > 4 && !t.joined(j + 1)) return;
      if (kind == Tokens.PUNCT && ":#.-=(".indexOf(t.first(j)) >= 0) continue;
      // Another cue speaks for what follows it ("billing account", "device ... MRN").
      if (kind == Tokens.WORD && (t.flags[j] & ID_CUES) != 0 && typeOf(t.flags[j]) != type) return;
      if (kind == Tokens.WORD
          && (t.flags[j] & (ID_FILLER | ID_CUES)) != 0
          && !looksLikeId(j)
          && !startsChunk(j)) continue;
      break;
    }
    if (j >= t.count) return;
    int end = spacedGroups(j, chunkEnd(j));
    if (end < 0 || !idShaped(j, end)) return;
    s.addTokens(type, j, end, STRONG_CUES.contains(type) ? 0.95 : 0.85, CUE_V);
  }

  /** Types whose cue names the identifier outright ("MRN", "member ID", "account", "S/N"). */
  private static final java.util.Set<FindingType> STRONG_CUES =
      java.util.EnumSet.of(
          FindingType.MRN,
          FindingType.HEALTH_PLAN_ID,
          FindingType.ACCOUNT_NUMBER,
          FindingType.DEVICE_ID);

  /**
   * "4111 1111 1111 1111", "123 45 6789": a short number followed by space-separated digit groups
   * is one identifier; returns the last group's token (or {@code end} unchanged).
   */
  private int spacedGroups(int j, int end) {
    if (end != j || !t.isKind(j, Tokens.NUM) || t.len(j) > 6) return end;
    int k = j;
    while (t.isKind(k + 1, Tokens.NUM)
        && t.gap[k + 1] == Tokens.GAP_SPACE
        && t.start[k + 1] - t.end[k] == 1
        && t.len(k + 1) >= 2
        && t.len(k + 1) <= 6) k++;
    return k > j ? k : end;
  }

  private static FindingType typeOf(long f) {
    if ((f & CUE_MRN) != 0) return FindingType.MRN;
    if ((f & CUE_PLAN) != 0) return FindingType.HEALTH_PLAN_ID;
    if ((f & CUE_ACCOUNT) != 0) return FindingType.ACCOUNT_NUMBER;
    if ((f & CUE_LICENSE) != 0) return FindingType.LICENSE_NUMBER;
    if ((f & CUE_DEVICE) != 0) return FindingType.DEVICE_ID;
    if ((f & CUE_VEHICLE) != 0) return FindingType.VEHICLE_ID;
    return FindingType.OTHER_ID;
  }

  /** "SN-88213": a prefix joined to the number by a hyphen is part of the identifier. */
  private boolean startsChunk(int j) {
    return t.isPunct(j + 1, '-')
        && t.joined(j + 1)
        && t.joined(j + 2)
        && !t.isKind(j + 2, Tokens.WORD);
  }

  private boolean looksLikeId(int j) {
    return t.allCaps(j) && t.len(j) >= 5;
  }

  /**
   * The last token of a run of letters and digits joined by hyphens or slashes, starting at {@code
   * j}; -1 if none.
   */
  int chunkEnd(int j) {
    if (!(t.isKind(j, Tokens.NUM) || t.isKind(j, Tokens.ALNUM) || t.isKind(j, Tokens.WORD)))
      return -1;
    int end = j;
    while (t.joined(end + 1)
        && (t.isPunct(end + 1, '-') || t.isPunct(end + 1, '/'))
        && t.joined(end + 2)
        && (t.isKind(end + 2, Tokens.NUM)
            || t.isKind(end + 2, Tokens.ALNUM)
            || t.isKind(end + 2, Tokens.WORD))) {
      end += 2;
    }
    return end;
  }

  /** At least five letters or digits, of which at least three are digits. */
  private boolean idShaped(int from, int to) {
    int digits = 0;
    int chars = 0;
    for (int c = t.start[from]; c < t.end[to]; c++) {
      char ch = t.text.charAt(c);
      if (ch >= '0' && ch <= '9') digits++;
      if (Tokens.isLetterOrDigit(ch)) chars++;
    }
    return chars >= 5 && digits >= 3;
  }

  /** Validated letter-digit codes and "92yo" ages in ALNUM token {@code i}. */
  void alnum(int i) {
    int l = t.len(i);
    String w = t.text.substring(t.start[i], t.end[i]);
    if (l == 9 && Validators.dea(w) && Character.isUpperCase(w.charAt(0))) {
      s.addTokens(FindingType.DEA, i, i, s.score(0.8, i, CUE_DEA), DEA_V);
    } else if (l == 11 && Validators.mbi(w)) {
      s.addTokens(FindingType.MBI, i, i, s.score(0.8, i, CUE_PLAN), MBI_V);
    } else if (l == 17 && Validators.vin(w)) {
      s.addTokens(FindingType.VEHICLE_ID, i, i, s.score(0.85, i, CUE_VEHICLE), VIN_V);
    } else if (l == 4 && dashedMbi(i)) {
      s.addTokens(FindingType.MBI, i, i + 4, s.score(0.85, i, CUE_PLAN), MBI_V);
    } else if (l >= 3 && l <= 7) {
      ageWithUnit(i, w);
    }
  }

  /** "1EG4-TE5-MK73": the MBI as printed on the Medicare card. */
  private boolean dashedMbi(int i) {
    if (!(t.isPunct(i + 1, '-')
        && t.joined(i + 1)
        && t.isPunct(i + 3, '-')
        && t.joined(i + 3)
        && t.joined(i + 2)
        && t.joined(i + 4))) return false;
    if (t.len(i + 2) != 3 || t.len(i + 4) != 4) return false;
    return Validators.mbi(
        t.text.substring(t.start[i], t.end[i])
            + t.text.substring(t.start[i + 2], t.end[i + 2])
            + t.text.substring(t.start[i + 4], t.end[i + 4]));
  }

  private void ageWithUnit(int i, String w) {
    int d = 0;
    while (d < w.length() && Character.isDigit(w.charAt(d))) d++;
    if (d < 2 || d > 3) return;
    int v = Integer.parseInt(w.substring(0, d));
    String unit = w.substring(d).toLowerCase(java.util.Locale.ROOT);
    boolean ageUnit =
        unit.equals("yo")
            || unit.equals("y")
            || unit.equals("yof")
            || unit.equals("yom")
            || unit.equals("yr")
            || unit.equals("yrs")
            || unit.equals("yoF")
            || unit.equals("yom");
    if (v >= 90 && v <= 125 && ageUnit)
      s.add(FindingType.AGE_OVER_89, t.start[i], t.start[i] + d, 0.85, AGE_V);
  }

  /** Site patterns over the chunk starting at token {@code i}; returns the chunk's last token. */
  int site(int i) {
    int end = chunkEnd(i);
    if (end < 0) return i;
    String chunk = t.text.substring(t.start[i], t.end[end]);
    for (DetectorSettings.SitePattern p : sitePatterns) {
      Matcher m = p.pattern().matcher(chunk);
      if (m.matches()) {
        s.addTokens(p.type(), i, end, 0.9, SITE_V);
        break;
      }
    }
    return end;
  }
}
