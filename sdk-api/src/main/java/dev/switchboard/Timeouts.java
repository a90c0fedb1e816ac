package dev.switchboard;

import dev.switchboard.spi.Checks;
import java.time.Duration;

/**
 * Time limits. {@code call} covers the whole call, all attempts and failovers included; {@code
 * connect} and {@code read} apply to each attempt ({@code read} is the longest wait for the next
 * bytes, so a slow but steady stream is not cut).
 *
 * @param connect the connect timeout per attempt
 * @param read the read timeout per attempt
 * @param call the overall deadline of one call
 * @since 0.1
 */
public record Timeouts(Duration connect, Duration read, Duration call) {
  /** 5 s connect, 60 s read, 120 s per call. */
  public static final Timeouts DEFAULTS =
      new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofSeconds(120));

  public Timeouts {
    Checks.check(
        connect != null && !connect.isNegative() && !connect.isZero(),
        "Timeouts.connect",
        "must be positive");
    Checks.check(
        read != null && !read.isNegative() && !read.isZero(), "Timeouts.read", "must be positive");
    Checks.check(
        call != null && !call.isNegative() && !call.isZero(), "Timeouts.call", "must be positive");
  }
}
