package dev.switchboard.compliance.detect;

import java.util.List;
import java.util.Random;

/**
 * Random identifier values for the synthetic corpus, valid by the same rules an issuer follows
 * (check digits, reserved ranges), from a seeded {@link Random} so every run sees the same corpus.
 */
final class SyntheticValues {
  static final List<String> MONTHS =
      List.of(
          "January",
          "February",
          "March",
          "April",
          "May",
          "June",
          "July",
          "August",
          "September",
          "October",
          "November",
          "December");
  static final List<String> STATES =
      List.of("MA", "IL", "OH", "CA", "TX", "NY", "WA", "GA", "MN", "Ohio", "Texas", "Oregon");
  static final List<String> CITIES =
      List.of(
          "Springfield",
          "Dayton",
          "Ann Arbor",
          "Fall River",
          "Bakersfield",
          "Duluth",
          "Macon",
          "Tacoma",
          "Lowell",
          "Rochester");
  static final List<String> STREETS =
      List.of(
          "Oak",
          "Maple",
          "West Elm",
          "Harbor View",
          "Lincoln",
          "Cedar Ridge",
          "5th",
          "Chestnut",
          "Willow Creek",
          "Pine");
  static final List<String> SUFFIXES =
      List.of(
          "Street", "St.", "Avenue", "Ave", "Road", "Lane", "Drive", "Court", "Blvd", "Way",
          "Terrace");

  private final Random r;

  SyntheticValues(Random random) {
    this.r = random;
  }

  <T> T pick(List<T> values) {
    return values.get(r.nextInt(values.size()));
  }

  int between(int lo, int hi) {
    return lo + r.nextInt(hi - lo + 1);
  }

  String digits(int n) {
    StringBuilder b = new StringBuilder(n);
    for (int i = 0; i < n; i++) b.append((char) ('0' + r.nextInt(10)));
    return b.toString();
  }

  private String pad(int v, int width) {
    return String.format("%0" + width + "d", v);
  }

  String ssn() {
    int area = r.nextBoolean() ? between(1, 665) : between(667, 899);
    String sep = r.nextInt(5) == 0 ? " " : "-";
    return pad(area, 3) + sep + pad(between(1, 99), 2) + sep + pad(between(1, 9999), 4);
  }

  String phone() {
    String area = between(2, 9) + "" + between(0, 8) + between(2, 9);
    String exch = between(2, 9) + "" + between(2, 9) + between(0, 9);
    String line = digits(4);
    return switch (r.nextInt(5)) {
      case 0 -> "(" + area + ") " + exch + "-" + line;
      case 1 -> area + "-" + exch + "-" + line;
      case 2 -> area + "." + exch + "." + line;
      case 3 -> "+1 " + area + " " + exch + " " + line;
      default -> "1-" + area + "-" + exch + "-" + line;
    };
  }

  String email(String first, String last) {
    return first.toLowerCase()
        + (r.nextBoolean() ? "." : "_")
        + last.toLowerCase()
        + between(1, 99)
        + "@"
        + pick(List.of("example.org", "mail.example.com", "clinic-example.net", "uni.example.edu"));
  }

  String url() {
    return switch (r.nextInt(3)) {
      case 0 -> "https://portal.example-health.org/patients/" + digits(6);
      case 1 -> "www.example" + between(1, 99) + ".com/profile";
      default -> "http://intranet.example.org:8080/chart?id=" + digits(5);
    };
  }

  String ipv4() {
    return between(1, 223) + "." + between(0, 255) + "." + between(0, 255) + "." + between(1, 254);
  }

  String ipv6() {
    StringBuilder b = new StringBuilder("2001:db8");
    int groups = r.nextBoolean() ? 6 : 3;
    if (groups == 3) b.append(":");
    for (int i = 0; i < groups; i++) b.append(':').append(Integer.toHexString(r.nextInt(0x10000)));
    return b.toString();
  }

  String date() {
    int y = between(1935, 2024);
    int m = between(1, 12);
    int d = between(1, 28);
    String month = MONTHS.get(m - 1);
    return switch (r.nextInt(8)) {
      case 0 -> m + "/" + d + "/" + y;
      case 1 -> pad(m, 2) + "/" + pad(d, 2) + "/" + y;
      case 2 -> y + "-" + pad(m, 2) + "-" + pad(d, 2);
      case 3 -> month + " " + d + ", " + y;
      case 4 -> d + " " + month + " " + y;
      case 5 -> pad(d, 2) + "-" + month.substring(0, 3) + "-" + y;
      case 6 -> m + "/" + d + "/" + pad(y % 100, 2);
      default -> month.substring(0, 3) + " " + d;
    };
  }

  String zip() {
    return pad(between(1001, 99950), 5) + (r.nextInt(4) == 0 ? "-" + digits(4) : "");
  }

  String street() {
    return between(1, 9999) + " " + pick(STREETS) + " " + pick(SUFFIXES);
  }

  String alnumId(int letters, int digits) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < letters; i++) b.append((char) ('A' + r.nextInt(26)));
    return b + digits(digits);
  }

  String npi() {
    while (true) {
      String base = (r.nextBoolean() ? "1" : "2") + digits(8);
      for (int c = 0; c <= 9; c++)
        if (dev.switchboard.compliance.internal.detect.Validators.npi(base + c)) return base + c;
    }
  }

  String dea() {
    String letters = "ABFGM".charAt(r.nextInt(5)) + "" + (char) ('A' + r.nextInt(26));
    String d = digits(6);
    int check =
        ((d.charAt(0) - '0')
                + (d.charAt(2) - '0')
                + (d.charAt(4) - '0')
                + 2 * ((d.charAt(1) - '0') + (d.charAt(3) - '0') + (d.charAt(5) - '0')))
            % 10;
    return letters + d + check;
  }

  String mbi() {
    String l = "ACDEFGHJKMNPQRTUVWXY";
    String an = l + "0123456789";
    String s =
        ""
            + between(1, 9)
            + l.charAt(r.nextInt(20))
            + an.charAt(r.nextInt(30))
            + r.nextInt(10)
            + l.charAt(r.nextInt(20))
            + an.charAt(r.nextInt(30))
            + r.nextInt(10)
            + l.charAt(r.nextInt(20))
            + l.charAt(r.nextInt(20))
            + r.nextInt(10)
            + r.nextInt(10);
    return r.nextBoolean() ? s : s.substring(0, 4) + "-" + s.substring(4, 7) + "-" + s.substring(7);
  }

  String vin() {
    String chars = "ABCDEFGHJKLMNPRSTUVWXYZ0123456789";
    while (true) {
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 17; i++) b.append(chars.charAt(r.nextInt(chars.length())));
      for (char c : "0123456789X".toCharArray()) {
        b.setCharAt(8, c);
        if (dev.switchboard.compliance.internal.detect.Validators.vin(b)) return b.toString();
      }
    }
  }

  String card() {
    String prefix = pick(List.of("4", "51", "55", "2221", "6011", "34", "37"));
    int len = prefix.startsWith("3") ? 15 : 16;
    while (true) {
      String body = prefix + digits(len - prefix.length() - 1);
      for (int c = 0; c <= 9; c++) {
        String n = body + c;
        if (dev.switchboard.compliance.internal.detect.Validators.card(n)) {
          if (len == 15)
            return n.substring(0, 4) + " " + n.substring(4, 10) + " " + n.substring(10);
          return r.nextBoolean() ? n : n.replaceAll("(\\d{4})(?=\\d)", "$1-");
        }
      }
    }
  }

  private static final List<String> UNITS =
      List.of("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");

  /** An age from 90 to 109 in words: "ninety-one", "ninety two", "one hundred and four". */
  String ageWords() {
    int v = between(90, 109);
    if (v < 100) {
      String unit = UNITS.get(v - 90);
      if (unit.isEmpty()) return "ninety";
      return "ninety" + (r.nextBoolean() ? "-" : " ") + unit;
    }
    String unit = UNITS.get(v - 100);
    if (unit.isEmpty()) return "one hundred";
    return "one hundred " + (r.nextBoolean() ? "and " : "") + unit;
  }

  /** A device serial number: letters and digits, sometimes hyphenated. */
  String serial() {
    String s = alnumId(between(0, 3), between(5, 9));
    return r.nextInt(3) == 0 ? s.substring(0, 2) + "-" + s.substring(2) : s;
  }

  /**
   * A UDI in GS1 human-readable form: (01) GTIN-14 with its mod-10 check digit, then expiry (17),
   * lot (10) and serial (21) application identifiers.
   */
  String udiGs1() {
    String body = digits(13);
    int sum = 0;
    for (int i = 0; i < 13; i++) sum += (body.charAt(12 - i) - '0') * (i % 2 == 0 ? 3 : 1);
    String gtin = body + (10 - sum % 10) % 10;
    StringBuilder b = new StringBuilder("(01)").append(gtin);
    if (r.nextBoolean())
      b.append("(17)").append(between(25, 30)).append(pad(between(1, 12), 2)).append("01");
    b.append("(10)").append(alnumId(1, 5));
    if (r.nextBoolean()) b.append("(21)").append(digits(7));
    return b.toString();
  }

  private static final String HIBC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ-. $/+%";

  /**
   * A UDI in HIBCC form: "+", labeler code, product code, unit of measure, optionally "/$$3" with
   * expiry and lot, and the mod-43 check character.
   */
  String udiHibcc() {
    while (true) {
      StringBuilder b = new StringBuilder("+");
      b.append((char) ('A' + r.nextInt(26))).append(alnumId(1, 2));
      b.append(alnumId(between(1, 3), between(2, 5))).append(between(0, 9));
      if (r.nextBoolean())
        b.append("/$$3")
            .append(between(25, 30))
            .append(pad(between(1, 12), 2))
            .append("01")
            .append(alnumId(1, 4));
      int sum = 0;
      for (int i = 0; i < b.length(); i++) sum += HIBC.indexOf(b.charAt(i));
      char check = HIBC.charAt(sum % 43);
      if (!Character.isLetterOrDigit(check)) continue; // keep sentences readable: no trailing "."
      return b.append(check).toString();
    }
  }
}
