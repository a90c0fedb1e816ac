package dev.switchboard.compliance.internal.transform;

import dev.switchboard.compliance.detect.FindingType;
import java.time.Clock;
import java.time.Year;
import java.util.Set;

/**
 * Safe Harbor generalization of one identifier: dates keep the year, ages over 89 become 90+, ZIP
 * codes keep the first three digits unless the area is too small.
 */
public final class Generalizer {
  /** ZIP3 prefixes with 20,000 people or fewer (HHS, 2000 census): these become 000. */
  static final Set<String> LOW_POPULATION_ZIP3 =
      Set.of(
          "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
          "879", "884", "890", "893");

  private final int currentYear;

  public Generalizer(Clock clock) {
    this.currentYear = Year.now(clock).getValue();
  }

  /** The generalized form of {@code original}, an identifier of the given type. */
  public String generalize(FindingType type, String original) {
    return switch (type) {
      case DATE -> year(original);
      case AGE_OVER_89 -> "90+";
      case ZIP_CODE -> zip3(original);
      default -> mask(type);
    };
  }

  private static String mask(FindingType type) {
    return "[" + type.label() + "]";
  }

  private static String zip3(String zip) {
    StringBuilder digits = new StringBuilder(3);
    for (int i = 0; i < zip.length() && digits.length() < 3; i++) {
      char c = zip.charAt(i);
      if (c >= '0' && c <= '9') digits.append(c);
    }
    if (digits.length() < 3) return mask(FindingType.ZIP_CODE);
    String prefix = digits.toString();
    return LOW_POPULATION_ZIP3.contains(prefix) ? "000" : prefix;
  }

  /** The year of a date; a date without a recognisable year, or too old a year, is masked. */
  private String year(String date) {
    int year = findYear(date);
    if (year < 0 || year <= currentYear - 90 || year > currentYear + 50)
      return mask(FindingType.DATE);
    return Integer.toString(year);
  }

  /** A four-digit year anywhere, else a two-digit year ending a numeric date (m/d/yy), or -1. */
  private int findYear(String s) {
    int run = 0;
    for (int i = 0; i <= s.length(); i++) {
      boolean digit = i < s.length() && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128;
      if (digit) {
        run++;
        continue;
      }
      if (run == 4) {
        int y = Integer.parseInt(s.substring(i - 4, i));
        if (y >= 1800 && y <= 2199) return y;
      }
      run = 0;
    }
    int n = s.length();
    if (n >= 3
        && (s.charAt(n - 3) == '/'
            || s.charAt(n - 3) == '-'
            || s.charAt(n - 3) == '.'
            || s.charAt(n - 3) == '\'')
        && Character.isDigit(s.charAt(n - 2))
        && Character.isDigit(s.charAt(n - 1))) {
      int yy = Integer.parseInt(s.substring(n - 2));
      int pivot = currentYear % 100;
      return yy <= pivot ? 2000 + yy : 1900 + yy;
    }
    return -1;
  }
}
