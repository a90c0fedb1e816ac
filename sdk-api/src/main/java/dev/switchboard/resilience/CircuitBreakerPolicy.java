package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;
import java.time.Duration;

/**
 * When to stop calling a target (provider + model) that keeps failing. The breaker watches the last
 * {@code slidingWindow} attempts; once at least {@code minimumCalls} were made and the share of
 * failures reaches {@code failureRateThreshold} percent, it opens: calls skip the target at once,
 * without any I/O, and fail over to the next target. After {@code openFor} it lets one probe call
 * through (half-open); success closes it, failure opens it again.
 *
 * <p>Failures are the retryable ones (429, 408, 5xx, transport errors, timeouts) and streams cut
 * midway. Refusals about the request (400, 401, 403, 404, content filter) do not count.
 *
 * <p>Immutable and thread-safe.
 *
 * @param enabled false to never open
 * @param failureRateThreshold the failure share, in percent (1 to 100), that opens the breaker
 * @param slidingWindow how many of the latest attempts count
 * @param minimumCalls attempts needed before the rate is judged; at most {@code slidingWindow}
 * @param openFor how long the breaker stays open before a probe
 * @since 0.1
 */
public record CircuitBreakerPolicy(
    boolean enabled,
    float failureRateThreshold,
    int slidingWindow,
    int minimumCalls,
    Duration openFor) {
  private static final CircuitBreakerPolicy DEFAULTS =
      new CircuitBreakerPolicy(true, 50, 20, 10, Duration.ofSeconds(30));

  /**
   * @throws IllegalArgumentException naming the field if a value is out of range
   */
  public CircuitBreakerPolicy {
    Checks.check(
        failureRateThreshold > 0 && failureRateThreshold <= 100,
        "CircuitBreakerPolicy.failureRateThreshold",
        "must be a percentage above 0 and at most 100");
    Checks.check(slidingWindow >= 1, "CircuitBreakerPolicy.slidingWindow", "must be at least 1");
    Checks.check(
        minimumCalls >= 1 && minimumCalls <= slidingWindow,
        "CircuitBreakerPolicy.minimumCalls",
        "must be between 1 and slidingWindow");
    Checks.check(
        openFor != null && !openFor.isNegative() && !openFor.isZero(),
        "CircuitBreakerPolicy.openFor",
        "must be positive");
  }

  /** Enabled; opens at 50% failures over the last 20 attempts (at least 10), open for 30 s. */
  public static CircuitBreakerPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** A breaker that never opens. */
  public static CircuitBreakerPolicy disabled() {
    return new CircuitBreakerPolicy(
        false,
        DEFAULTS.failureRateThreshold,
        DEFAULTS.slidingWindow,
        DEFAULTS.minimumCalls,
        DEFAULTS.openFor);
  }

  public CircuitBreakerPolicy withEnabled(boolean enabled) {
    return new CircuitBreakerPolicy(
        enabled, failureRateThreshold, slidingWindow, minimumCalls, openFor);
  }

  public CircuitBreakerPolicy withFailureRateThreshold(float percent) {
    return new CircuitBreakerPolicy(enabled, percent, slidingWindow, minimumCalls, openFor);
  }

  /** A copy with this window; {@code minimumCalls} shrinks with it if needed. */
  public CircuitBreakerPolicy withSlidingWindow(int slidingWindow) {
    return new CircuitBreakerPolicy(
        enabled,
        failureRateThreshold,
        slidingWindow,
        Math.min(minimumCalls, Math.max(slidingWindow, 1)),
        openFor);
  }

  public CircuitBreakerPolicy withMinimumCalls(int minimumCalls) {
    return new CircuitBreakerPolicy(
        enabled, failureRateThreshold, slidingWindow, minimumCalls, openFor);
  }

  public CircuitBreakerPolicy withOpenFor(Duration openFor) {
    return new CircuitBreakerPolicy(
        enabled, failureRateThreshold, slidingWindow, minimumCalls, openFor);
  }
}
