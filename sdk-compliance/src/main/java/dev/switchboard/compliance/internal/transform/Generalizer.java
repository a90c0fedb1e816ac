package dev.switchboard.compliance.internal.transform;

import dev.switchboard.compliance.detect.FindingType;
import java.time.Clock;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Safe Harbor generalization of one identifier: dates keep the year (a birth date that puts the
 * person over 89 becomes 90+), ages over 89 become 90+, ZIP codes keep the first three digits
 * unless the area is too small.
 */
public final class Generalizer {
  /** ZIP3 prefixes with 20,000 people or fewer (HHS, 2000 census): these become 000. */
  static final Set<String> LOW_POPULATION_ZIP3 =
      Set.of(
          "036", "059", "063", "102", "203", "556", "692", "790", "821", "823", "830", "831", "878",
          "879", "884", "890", "893");

  private static final String[] MONTHS = {
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"
  };

  /** How far back {@link #birthContext} looks for a date-of-birth cue. */
  private static final int BIRTH_CUE_WINDOW = 32;

  private final int currentYear;
  private final LocalDate today;

  public Generalizer(Clock clock) {
    this.today = LocalDate.now(clock);
    this.currentYear = today.getYear();
  }

  /** The generalized form of {@code original}, an identifier of the given type. */
  public String generalize(FindingType type, String original) {
    return generalize(type, original, false);
  }

  /**
   * The generalized form of {@code original}; {@code dateOfBirth} says the date is a birth date, so
   * one that puts the person over 89 becomes "90+" (the fact Safe Harbor lets a text keep), not a
   * year that reveals the age nor a mask that loses it.
   */
  public String generalize(FindingType type, String original, boolean dateOfBirth) {
    return switch (type) {
      case DATE -> dateOfBirth ? birthDate(original) : year(original);
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

  /**
   * True if a date-of-birth cue ("DOB", "D.O.B.", "born", "birth", "birthdate") comes shortly
   * before {@code start} in {@code text}, on the same line.
   */
  public static boolean birthContext(String text, int start) {
    int from = Math.max(0, start - BIRTH_CUE_WINDOW);
    int nl = text.lastIndexOf('\n', start - 1);
    if (nl >= from) from = nl + 1;
    String before = text.substring(from, start).toLowerCase(Locale.ROOT);
    return before.contains("dob")
        || before.contains("d.o.b")
        || before.contains("born")
        || before.contains("birth");
  }

  /**
   * A birth date: "90+" when the person is over 89 today (or may be, when only the year is known),
   * else its year.
   */
  private String birthDate(String date) {
    int year = findYear(date);
    if (year < 0) return mask(FindingType.DATE);
    LocalDate born = fullDate(date, year);
    boolean over89 =
        born != null
            ? Period.between(born, today).getYears() > 89
            : currentYear - year >= 90; // 90 years ago this year: 89 or 90, so say 90+
    if (over89) return "90+";
    if (year > currentYear) return mask(FindingType.DATE);
    return Integer.toString(year);
  }

  /** The full date, when month and day can be read from the text; null otherwise. */
  private static LocalDate fullDate(String s, int year) {
    String lower = s.toLowerCase(Locale.ROOT);
    int month = -1;
    for (int m = 0; m < 12; m++) if (lower.contains(MONTHS[m])) month = m + 1;
    List<Integer> numbers = new ArrayList<>();
    int run = 0;
    int value = 0;
    for (int i = 0; i <= s.length(); i++) {
      char c = i < s.length() ? s.charAt(i) : ' ';
      if (c >= '0' && c <= '9') {
        value = value * 10 + (c - '0');
        run++;
        continue;
      }
      if (run > 0 && run <= 2) numbers.add(value);
      run = 0;
      value = 0;
    }
    int day;
    if (month > 0) {
      if (numbers.size() != 1) return null;
      day = numbers.get(0);
    } else if (numbers.size() >= 2) {
      month = numbers.get(0); // m/d/yyyy, yyyy-mm-dd (the year is not in the list) and m/d/yy
      day = numbers.get(1);
      if (month > 12 && day <= 12) { // d/m/yyyy
        int swap = month;
        month = day;
        day = swap;
      }
    } else {
      return null;
    }
    try {
      return LocalDate.of(year, month, day);
    } catch (java.time.DateTimeException e) {
      return null;
    }
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
