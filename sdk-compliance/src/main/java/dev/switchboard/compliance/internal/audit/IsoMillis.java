package dev.switchboard.compliance.internal.audit;

import java.time.Instant;

/**
 * A millisecond instant written as {@link Instant#toString()} writes it (ISO-8601 in UTC, the
 * fraction only when it is not zero), straight into a builder: every audit record is stamped with
 * one, and {@code Instant.now(clock).truncatedTo(MILLIS).toString()} cost two {@code Instant}s, a
 * formatter's builder and a {@code String} per record.
 */
final class IsoMillis {
  private static final long MILLIS_PER_DAY = 86_400_000L;

  private IsoMillis() {}

  /** {@code Instant.ofEpochMilli(millis).toString()}. */
  static String format(long millis) {
    StringBuilder sb = new StringBuilder(24);
    append(millis, sb);
    return sb.toString();
  }

  /** Appends {@code Instant.ofEpochMilli(millis).toString()} to {@code sb}. */
  static void append(long millis, StringBuilder sb) {
    long days = Math.floorDiv(millis, MILLIS_PER_DAY);
    int ofDay = (int) Math.floorMod(millis, MILLIS_PER_DAY);
    // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil, inverted), proleptic
    // Gregorian as java.time counts.
    long z = days + 719_468;
    long era = Math.floorDiv(z, 146_097);
    long doe = z - era * 146_097;
    long yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    int day = (int) (doy - (153 * mp + 2) / 5 + 1);
    int month = (int) (mp < 10 ? mp + 3 : mp - 9);
    long year = yoe + era * 400 + (month <= 2 ? 1 : 0);
    if (year < 0 || year > 9999) { // a sign or a fifth digit: java.time's own rules, rarely met
      sb.append(Instant.ofEpochMilli(millis));
      return;
    }
    pad((int) year, 4, sb);
    sb.append('-');
    pad(month, 2, sb);
    sb.append('-');
    pad(day, 2, sb);
    sb.append('T');
    pad(ofDay / 3_600_000, 2, sb);
    sb.append(':');
    pad(ofDay / 60_000 % 60, 2, sb);
    sb.append(':');
    pad(ofDay / 1000 % 60, 2, sb);
    int ms = ofDay % 1000;
    if (ms != 0) {
      sb.append('.');
      pad(ms, 3, sb);
    }
    sb.append('Z');
  }

  private static void pad(int value, int width, StringBuilder sb) {
    for (int p = width == 4 ? 1000 : width == 3 ? 100 : 10; p > 0; p /= 10) {
      sb.append((char) ('0' + value / p % 10));
    }
  }
}
