package dev.switchboard.compliance.internal.detect;

import static dev.switchboard.compliance.internal.detect.Vocabulary.*;

import dev.switchboard.compliance.detect.FindingType;

/**
 * Names of people by context and dictionary: after a title ("Dr. Okafor"), a relation or role cue
 * ("his wife Maria", "Patient: ..."), "seen by" and the like, before a credential ("Ann Lee, RN"),
 * in "Last, First" form, and a dictionary given name followed by a capitalised word. Clinical
 * eponyms and devices (Parkinson, Foley, Swan-Ganz...) and any capitalised run followed by
 * "disease", "sign", "catheter"... are not names.
 */
final class NameRecognizer {
  static final String TITLE_V = "name-title-v1";
  static final String CUE_V = "name-cue-v1";
  static final String DICT_V = "name-dict-v1";
  static final String SIGNATURE_V = "name-signature-v1";

  private static final int MAX_NAME_TOKENS = 4;
  private final Scan s;
  private final Tokens t;

  NameRecognizer(Scan scan) {
    this.s = scan;
    this.t = scan.tok;
  }

  /** Examines word token {@code i}. */
  void at(int i) {
    long f = t.flags[i];
    if ((f & TITLE) != 0) afterTitle(i);
    if ((f & NAME_CUE) != 0) afterCue(skipFillers(i + 1), 0.75, CUE_V);
    if ((f & BY_VERB) != 0 && t.textIs(i + 1, "by")) afterCue(skipTitle(i + 2), 0.8, CUE_V);
    if ((f & CREDENTIAL) != 0 && t.isPunct(i - 1, ',') && (t.allCaps(i) || t.len(i) > 2))
      beforeCredential(i);
    if ((f & (FIRST_NAME | LAST_NAME)) != 0 && t.capitalized(i) && (f & (STOP | COMMON)) == 0)
      dictionary(i, f);
  }

  private void afterTitle(int i) {
    int j = t.isPunct(i + 1, '.') && t.joined(i + 1) ? i + 2 : i + 1;
    if (!t.capitalized(i) && !t.allCaps(i)) return;
    int end = run(j, true);
    if (end >= 0) s.addTokens(FindingType.NAME, j, end, 0.9, TITLE_V);
  }

  private void afterCue(int j, double score, String recognizer) {
    if (j < 0 || j >= t.count) return;
    if (t.has(j, TITLE)) {
      afterTitle(j);
      return;
    }
    int end = run(j, false);
    if (end >= 0) s.addTokens(FindingType.NAME, j, end, score, recognizer);
  }

  /**
   * Skips ", : -" and "name", "is", "named", "called" after a cue; -1 if the next word is not a
   * name candidate.
   */
  private int skipFillers(int j) {
    for (int k = 0; k < 4 && j < t.count; k++) {
      if (t.kind[j] == Tokens.PUNCT && ",:-".indexOf(t.first(j)) >= 0) {
        j++;
        continue;
      }
      if (t.textIs(j, "name")
          || t.textIs(j, "is")
          || t.textIs(j, "named")
          || t.textIs(j, "called")) {
        j++;
        continue;
      }
      return j;
    }
    return -1;
  }

  private int skipTitle(int j) {
    return j < t.count && t.isPunct(j, ':') ? j + 1 : j;
  }

  private void beforeCredential(int cred) {
    int end = cred - 2;
    int from = end;
    int names = 0;
    while (from >= 0 && names < MAX_NAME_TOKENS) {
      if (nameWord(from, false)) {
        names++;
        from--;
        continue;
      }
      if (t.isPunct(from, '.') && from > 0 && initial(from - 1)) {
        from -= 2;
        names++;
        continue;
      }
      break;
    }
    from++;
    if (names > 0 && t.kind[from] == Tokens.WORD)
      s.addTokens(FindingType.NAME, from, end, 0.85, SIGNATURE_V);
  }

  private void dictionary(int i, long f) {
    if (t.joined(i) && t.isPunct(i - 1, '-')) return;
    if ((f & FIRST_NAME) != 0) {
      int end = run(i, false);
      if (end < 0) return;
      double score = end == i ? 0.5 : (t.has(end, LAST_NAME) ? 0.85 : 0.7);
      s.addTokens(FindingType.NAME, i, end, s.score(score, i, NAME_CUE | TITLE), DICT_V);
      return;
    }
    // A family name: "Gonzalez, Maria" or, with a cue nearby, alone.
    if (t.isPunct(i + 1, ',') && t.has(i + 2, FIRST_NAME) && t.capitalized(i + 2)) {
      int end = run(i + 2, false);
      if (end >= 0) s.addTokens(FindingType.NAME, i, end, 0.8, DICT_V);
      return;
    }
    if (!followedByEponymHead(i))
      s.addTokens(FindingType.NAME, i, i, s.score(0.45, i, NAME_CUE | TITLE), DICT_V);
  }

  /**
   * The last token of a name starting at {@code j} (capitalised words, initials, hyphenated parts),
   * or -1 if none starts there or it is followed by an eponym head ("disease").
   */
  private int run(int j, boolean afterTitle) {
    if (!nameWord(j, afterTitle)) return -1;
    int end = j;
    int words = 1;
    int k = j + 1;
    while (k < t.count && words < MAX_NAME_TOKENS) {
      if (t.isPunct(k, '-') && t.joined(k) && t.joined(k + 1) && nameWord(k + 1, true)) {
        end = k + 1;
        k += 2;
        continue;
      }
      if (t.gap[k] == Tokens.GAP_NEWLINE) break;
      if (t.isPunct(k, '.') && initial(end) && nameWord(k + 1, false)) {
        end = k + 1;
        k += 2;
        words++;
        continue;
      }
      if (initial(k) && t.isPunct(k + 1, '.') && nameWord(k + 2, false)) {
        end = k + 2;
        k += 3;
        words += 2;
        continue;
      }
      if (nameWord(k, false) && !t.has(k, STATE_ABBR | CREDENTIAL)) {
        end = k;
        k++;
        words++;
        continue;
      }
      break;
    }
    return followedByEponymHead(end) ? -1 : end;
  }

  private boolean followedByEponymHead(int end) {
    int k = end + 1;
    if (t.isPunct(k, '\'') || t.isPunct(k, '\u2019')) k++;
    return t.has(k, EPONYM_HEAD);
  }

  /**
   * A capitalised word that can be part of a name (titles accept eponym-like surnames: "Dr.
   * Graves").
   */
  private boolean nameWord(int k, boolean afterTitle) {
    if (k < 0 || k >= t.count || t.kind[k] != Tokens.WORD || !t.capitalized(k)) return false;
    long f = t.flags[k];
    if ((f & (COMMON | MONTH | TITLE)) != 0 && (f & (FIRST_NAME | LAST_NAME)) == 0) return false;
    if ((f & STOP) != 0 && !afterTitle) return false;
    if (t.allCaps(k) && t.len(k) <= 4 && (f & (FIRST_NAME | LAST_NAME)) == 0)
      return false; // acronyms: CHF, COPD
    // Without a title, an ordinary English word is not a name unless the name dictionaries say so:
    // "Patient Education".
    if (!afterTitle && (f & ENGLISH) != 0 && (f & (FIRST_NAME | LAST_NAME)) == 0) return false;
    return t.len(k) > 1 || t.isPunct(k + 1, '.');
  }

  private boolean initial(int k) {
    return t.isKind(k, Tokens.WORD) && t.len(k) == 1 && Character.isUpperCase(t.first(k));
  }
}
