package dev.switchboard.compliance.internal.detect;

/**
 * Check digits and issuing rules of the identifiers the detector validates. Each method takes the
 * identifier's characters (digits and letters only, no separators unless stated) and answers
 * whether it could have been issued. Pure functions, thread-safe.
 */
public final class Validators {
  private Validators() {}

  /** Luhn (mod 10) over a string of digits. */
  public static boolean luhn(CharSequence digits) {
    int sum = 0;
    boolean dbl = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int d = digits.charAt(i) - '0';
      if (d < 0 || d > 9) return false;
      if (dbl) {
        d *= 2;
        if (d > 9) d -= 9;
      }
      sum += d;
      dbl = !dbl;
    }
    return digits.length() > 1 && sum % 10 == 0;
  }

  /** US SSN, nine digits: no 000, 666 or 9xx area, no 00 group, no 0000 serial, no known fakes. */
  public static boolean ssn(CharSequence digits) {
    if (digits.length() != 9 || !allDigits(digits)) return false;
    String s = digits.toString();
    String area = s.substring(0, 3);
    if (area.equals("000") || area.equals("666") || area.charAt(0) == '9') return false;
    if (s.startsWith("00", 3) || s.startsWith("0000", 5)) return false;
    if (s.chars().distinct().count() == 1) return false;
    // Published and advertising numbers that were never a person's: the ascending run and the
    // Woolworth card.
    return !s.equals("123456789") && !s.equals("078051120") && !s.equals("219099999");
  }

  /** NPI: ten digits starting 1 or 2, Luhn-valid with the card-issuer prefix 80840. */
  public static boolean npi(CharSequence digits) {
    if (digits.length() != 10 || !allDigits(digits)) return false;
    char first = digits.charAt(0);
    return (first == '1' || first == '2') && luhn("80840" + digits);
  }

  /**
   * DEA registration: two letters (the registrant type, then the registrant's initial or 9) and
   * seven digits whose last is the check digit of (d1 + d3 + d5) + 2 (d2 + d4 + d6).
   */
  public static boolean dea(CharSequence s) {
    if (s.length() != 9) return false;
    char type = Character.toUpperCase(s.charAt(0));
    char second = Character.toUpperCase(s.charAt(1));
    if ("ABCDEFGHJKLMPRSTUX".indexOf(type) < 0) return false;
    if (!(second >= 'A' && second <= 'Z') && second != '9') return false;
    int[] d = new int[7];
    for (int i = 0; i < 7; i++) {
      d[i] = s.charAt(i + 2) - '0';
      if (d[i] < 0 || d[i] > 9) return false;
    }
    int check = (d[0] + d[2] + d[4] + 2 * (d[1] + d[3] + d[5])) % 10;
    return check == d[6];
  }

  private static final String MBI_LETTERS = "ACDEFGHJKMNPQRTUVWXY";

  /**
   * Medicare Beneficiary Identifier, eleven characters without dashes: C A AN N A AN N A A N N,
   * where C is 1-9, A a letter other than S L O I B Z, N a digit, AN either.
   */
  public static boolean mbi(CharSequence s) {
    if (s.length() != 11) return false;
    String shape = "CAPNAPNAANN";
    for (int i = 0; i < 11; i++) {
      char c = Character.toUpperCase(s.charAt(i));
      boolean digit = c >= '0' && c <= '9';
      boolean letter = MBI_LETTERS.indexOf(c) >= 0;
      boolean ok =
          switch (shape.charAt(i)) {
            case 'C' -> digit && c != '0';
            case 'A' -> letter;
            case 'N' -> digit;
            default -> digit || letter;
          };
      if (!ok) return false;
    }
    return true;
  }

  private static final int[] VIN_WEIGHTS = {8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2};

  /**
   * VIN: 17 characters without I, O or Q, with the ISO 3779 / 49 CFR 565 check digit at position 9.
   */
  public static boolean vin(CharSequence s) {
    if (s.length() != 17) return false;
    int sum = 0;
    boolean letters = false;
    boolean digits = false;
    for (int i = 0; i < 17; i++) {
      char c = Character.toUpperCase(s.charAt(i));
      int v = vinValue(c);
      if (v < 0) return false;
      if (c >= 'A') letters = true;
      else digits = true;
      sum += v * VIN_WEIGHTS[i];
    }
    int check = sum % 11;
    char expected = check == 10 ? 'X' : (char) ('0' + check);
    return letters && digits && Character.toUpperCase(s.charAt(8)) == expected;
  }

  private static int vinValue(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c == 'I' || c == 'O' || c == 'Q' || c < 'A' || c > 'Z') return -1;
    // Transliteration: A-H = 1-8, J-R = 1-9 (no O, Q), S-Z = 2-9.
    if (c <= 'H') return c - 'A' + 1;
    if (c <= 'R') return c - 'J' + 1;
    return c - 'S' + 2;
  }

  /**
   * Payment card: 13 to 19 digits, Luhn-valid, in a known issuer range (Visa, Mastercard, Amex,
   * Discover, Diners, JCB).
   */
  public static boolean card(CharSequence digits) {
    int n = digits.length();
    if (n < 13 || n > 19 || !allDigits(digits) || !luhn(digits)) return false;
    int p2 = prefix(digits, 2);
    int p3 = prefix(digits, 3);
    int p4 = prefix(digits, 4);
    if (digits.charAt(0) == '4') return n == 13 || n == 16 || n == 19; // Visa
    if ((p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720)) return n == 16; // Mastercard
    if (p2 == 34 || p2 == 37) return n == 15; // Amex
    if (p4 == 6011 || p2 == 65 || (p3 >= 644 && p3 <= 649)) return n >= 16; // Discover
    if (p2 == 36 || p2 == 38 || (p3 >= 300 && p3 <= 305)) return n >= 14; // Diners
    return p4 >= 3528 && p4 <= 3589 && n >= 16; // JCB
  }

  /** North American number: area and exchange codes start 2-9 and are not N11 service codes. */
  public static boolean nanp(CharSequence area, CharSequence exchange) {
    return nanpCode(area) && nanpCode(exchange);
  }

  private static boolean nanpCode(CharSequence c) {
    if (c.length() != 3 || !allDigits(c)) return false;
    if (c.charAt(0) < '2') return false;
    return !(c.charAt(1) == '1' && c.charAt(2) == '1');
  }

  /** Dotted IPv4: four decimal octets 0-255 without leading zeros. */
  public static boolean ipv4(CharSequence s) {
    int parts = 0;
    int i = 0;
    int n = s.length();
    while (i <= n) {
      int from = i;
      int v = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        v = v * 10 + s.charAt(i) - '0';
        i++;
      }
      int len = i - from;
      if (len == 0 || len > 3 || v > 255 || (len > 1 && s.charAt(from) == '0')) return false;
      parts++;
      if (i == n) break;
      if (s.charAt(i) != '.') return false;
      i++;
    }
    return parts == 4;
  }

  /**
   * IPv6 in text form: up to eight groups of 1-4 hex digits, at most one "::", an optional dotted
   * IPv4 tail.
   */
  public static boolean ipv6(CharSequence s) {
    String t = s.toString();
    int dbl = t.indexOf("::");
    if (dbl >= 0 && t.indexOf("::", dbl + 1) >= 0) return false;
    if (t.contains(":::")) return false;
    String[] groups = t.split(":", -1);
    int count = 0;
    for (int i = 0; i < groups.length; i++) {
      String g = groups[i];
      if (g.isEmpty()) {
        boolean edge = (i == 0 || i == groups.length - 1) && dbl >= 0;
        if (!edge && !(dbl >= 0)) return false;
        continue;
      }
      if (i == groups.length - 1 && g.indexOf('.') >= 0) {
        if (!ipv4(g)) return false;
        count += 2;
        continue;
      }
      if (g.length() > 4 || !isHex(g)) return false;
      count++;
    }
    return dbl >= 0 ? count < 8 && count >= 1 : count == 8;
  }

  private static boolean isHex(String g) {
    for (int i = 0; i < g.length(); i++) if (Character.digit(g.charAt(i), 16) < 0) return false;
    return true;
  }

  static boolean allDigits(CharSequence s) {
    for (int i = 0; i < s.length(); i++) if (s.charAt(i) < '0' || s.charAt(i) > '9') return false;
    return s.length() > 0;
  }

  private static int prefix(CharSequence s, int n) {
    return Integer.parseInt(s.subSequence(0, n).toString());
  }
}
