package dev.switchboard.compliance.internal.detect;

import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.detect.FindingType;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Finds the known patient's own identifiers: every part of each name (and their initials next to a
 * name part: "M. Gonzalez", "Gonzalez, Maria T."), MRNs and other identifiers whatever their
 * separators ("004-829-13" for 00482913), and the date of birth in the usual formats. Compiled per
 * detect call from the {@link KnownPatient}; confined to that call.
 */
final class KnownPatientMatcher {
  static final String V = "known-patient-v1";
  private static final double SCORE = 0.99;
  private static final String[] DOB_FORMATS = {
    "M/d/yyyy",
    "MM/dd/yyyy",
    "M/d/yy",
    "MM/dd/yy",
    "yyyy-MM-dd",
    "MM-dd-yyyy",
    "M-d-yyyy",
    "yyyy/MM/dd",
    "MMMM d, yyyy",
    "MMMM d yyyy",
    "MMM d, yyyy",
    "MMM d yyyy",
    "MMM. d, yyyy",
    "d MMMM yyyy",
    "d MMM yyyy",
    "dd-MMM-yyyy",
    "d-MMM-yyyy",
    "ddMMMyyyy",
    "yyyyMMdd",
    "dd.MM.yyyy",
    "MMMM d",
    "MMM d"
  };

  private final WordMap nameParts = new WordMap(64);
  private final Set<Character> initials = new LinkedHashSet<>();
  private final List<String> mrnSkeletons = new ArrayList<>();
  private final List<String> idSkeletons = new ArrayList<>();
  private final List<String> dobStrings = new ArrayList<>();

  KnownPatientMatcher(KnownPatient patient) {
    for (KnownPatient.Name name : patient.names()) {
      addNameParts(name.given());
      addNameParts(name.family());
    }
    for (String mrn : patient.mrns()) {
      String sk = skeleton(mrn);
      addSkeleton(mrnSkeletons, sk);
      addSkeleton(mrnSkeletons, sk.replaceFirst("^0+", ""));
    }
    for (String id : patient.otherIdentifiers()) addSkeleton(idSkeletons, skeleton(id));
    for (LocalDate dob : patient.datesOfBirth()) {
      for (String f : DOB_FORMATS)
        dobStrings.add(
            DateTimeFormatter.ofPattern(f, Locale.US).format(dob).toLowerCase(Locale.ROOT));
    }
  }

  private void addNameParts(String part) {
    if (part == null) return;
    for (String p : part.split("[\\s,]+|-")) {
      if (p.length() >= 2) nameParts.add(p, 1);
      if (!p.isEmpty()) initials.add(Character.toUpperCase(p.charAt(0)));
    }
  }

  private static void addSkeleton(List<String> list, String sk) {
    if (sk.length() >= 4 && !list.contains(sk)) list.add(sk);
  }

  void match(Scan s) {
    names(s);
    if (!mrnSkeletons.isEmpty() || !idSkeletons.isEmpty()) skeletons(s);
    if (!dobStrings.isEmpty()) datesOfBirth(s);
  }

  private void names(Scan s) {
    Tokens t = s.tok;
    for (int i = 0; i < t.count; i++) {
      if (!isPart(t, i)) continue;
      int from = i;
      if (initialAt(t, i - 2) && t.isPunct(i - 1, '.')) from = i - 2;
      else if (initialAt(t, i - 1)) from = i - 1;
      int end = i;
      int k = i + 1;
      while (k < t.count) {
        int next = t.isPunct(k, ',') ? k + 1 : k;
        if (isPart(t, next) || continuesName(t, next)) {
          end = next;
          k = next + 1;
          continue;
        }
        if (initialAt(t, next)) {
          end = t.isPunct(next + 1, '.') ? next + 1 : next;
          k = end + 1;
          continue;
        }
        break;
      }
      s.addTokens(FindingType.NAME, from, end, SCORE, V);
      i = end;
    }
  }

  private boolean isPart(Tokens t, int i) {
    if (!t.isKind(i, Tokens.WORD) || nameParts.get(t.text, t.start[i], t.end[i]) == 0) return false;
    // Lower case counts too ("spoke with maria"), unless the name part is also an everyday word
    // ("will", "rose").
    return Character.isUpperCase(t.first(i)) || !t.has(i, Vocabulary.ENGLISH | Vocabulary.COMMON);
  }

  /** Next to a matched part, any case will do: "thistlewood, maria". */
  private boolean continuesName(Tokens t, int i) {
    return t.isKind(i, Tokens.WORD) && nameParts.get(t.text, t.start[i], t.end[i]) != 0;
  }

  private boolean initialAt(Tokens t, int i) {
    return t.isKind(i, Tokens.WORD) && t.len(i) == 1 && initials.contains(t.first(i));
  }

  /** MRNs and identifiers compared on letters and digits only, so separators do not matter. */
  private void skeletons(Scan s) {
    String text = s.text;
    StringBuilder sk = new StringBuilder(text.length());
    int[] at = new int[text.length()];
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (Tokens.isLetterOrDigit(c)) {
        at[sk.length()] = i;
        sk.append(Character.toUpperCase(c));
      }
    }
    for (String id : mrnSkeletons) find(s, sk, at, id, FindingType.MRN);
    for (String id : idSkeletons) find(s, sk, at, id, FindingType.OTHER_ID);
  }

  private static void find(Scan s, StringBuilder sk, int[] at, String id, FindingType type) {
    for (int p = sk.indexOf(id); p >= 0; p = sk.indexOf(id, p + 1)) {
      int from = at[p];
      int to = at[p + id.length() - 1] + 1;
      if (boundary(s.text, from, to) && onlySeparators(s.text, from, to))
        s.add(type, from, to, SCORE, V);
    }
  }

  private void datesOfBirth(Scan s) {
    char[] lower = new char[s.text.length()];
    for (int i = 0; i < lower.length; i++) lower[i] = WordMap.lower(s.text.charAt(i));
    String text = new String(lower);
    for (String dob : dobStrings) {
      for (int p = text.indexOf(dob); p >= 0; p = text.indexOf(dob, p + 1)) {
        if (boundary(s.text, p, p + dob.length()))
          s.add(FindingType.DATE, p, p + dob.length(), SCORE, V);
      }
    }
  }

  private static boolean boundary(String text, int from, int to) {
    return (from == 0 || !Tokens.isLetterOrDigit(text.charAt(from - 1)))
        && (to == text.length() || !Tokens.isLetterOrDigit(text.charAt(to)));
  }

  private static boolean onlySeparators(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (!Tokens.isLetterOrDigit(c) && " -./#".indexOf(c) < 0) return false;
    }
    return true;
  }

  static String skeleton(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++)
      if (Tokens.isLetterOrDigit(s.charAt(i))) b.append(Character.toUpperCase(s.charAt(i)));
    return b.toString();
  }
}
