package dev.switchboard.wire.internal.error;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;

/**
 * The server's requested delay before a retry: {@code retry-after-ms} (milliseconds, Azure
 * provisioned throughput) wins over {@code retry-after} (seconds or an HTTP date), which wins over
 * the "retry after N seconds" text of Azure's 429 messages.
 */
public final class RetryAfter {
  private static final Pattern IN_TEXT = Pattern.compile("(?i)retry after (\\d{1,6}) second");
  private static final Duration MAX = Duration.ofHours(1);

  private RetryAfter() {}

  /** The delay, or null when the server named none. */
  public static Duration parse(Headers headers, String vendorMessage, Clock clock) {
    Duration d = millis(headers.get("retry-after-ms"));
    if (d == null) d = seconds(headers.get("retry-after"));
    if (d == null) d = date(headers.getDate("retry-after"), clock);
    if (d == null && vendorMessage != null) {
      Matcher m = IN_TEXT.matcher(vendorMessage);
      if (m.find()) d = Duration.ofSeconds(Long.parseLong(m.group(1)));
    }
    return d == null ? null : d.compareTo(MAX) > 0 ? MAX : d;
  }

  private static Duration millis(String v) {
    if (v == null) return null;
    try {
      double ms = Double.parseDouble(v.trim());
      return ms >= 0 && !Double.isInfinite(ms) ? Duration.ofNanos((long) (ms * 1_000_000)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration seconds(String v) {
    if (v == null) return null;
    try {
      double s = Double.parseDouble(v.trim());
      return s >= 0 && !Double.isInfinite(s) ? Duration.ofMillis((long) (s * 1000)) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Duration date(Date at, Clock clock) {
    if (at == null) return null;
    Duration d = Duration.between(Instant.now(clock), at.toInstant());
    return d.isNegative() ? Duration.ZERO : d;
  }
}
