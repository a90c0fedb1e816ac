package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;
import java.time.Duration;

/**
 * When and how long to wait before trying a target again. Only failures that say they are
 * {@linkplain dev.switchboard.error.SwitchboardException#retryable() retryable} are retried (429,
 * 408, 5xx, connection refused or reset, a timeout before any response); never 400, 401, 403, 404,
 * content filtering, compliance or budget refusals.
 *
 * <p>The wait before retry {@code n} (from 1) is drawn uniformly from {@code [0, min(maxBackoff,
 * initialBackoff * 2^(n-1))]} ("full jitter"), unless the server said how long to wait ({@code
 * retry-after-ms} or {@code retry-after}): then its value is honoured up to {@code maxRetryAfter}.
 * A longer request, or one longer than what is left of the call's deadline, moves the call to the
 * next target (or fails it) instead of sleeping.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxAttempts attempts per target, the first included; 1 disables retries
 * @param initialBackoff the cap of the first backoff
 * @param maxBackoff the cap of any backoff
 * @param maxRetryAfter the longest server-requested (or rate-limiter) wait the SDK sleeps through
 * @since 0.1
 */
public record RetryPolicy(
    int maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration maxRetryAfter) {
  private static final RetryPolicy DEFAULTS =
      new RetryPolicy(3, Duration.ofMillis(200), Duration.ofSeconds(5), Duration.ofSeconds(30));

  /**
   * @throws IllegalArgumentException naming the field if a value is out of range
   */
  public RetryPolicy {
    Checks.check(
        maxAttempts >= 1 && maxAttempts <= 100,
        "RetryPolicy.maxAttempts",
        "must be between 1 and 100");
    Checks.check(
        initialBackoff != null && !initialBackoff.isNegative(),
        "RetryPolicy.initialBackoff",
        "must not be negative");
    Checks.check(
        maxBackoff != null && maxBackoff.compareTo(initialBackoff) >= 0,
        "RetryPolicy.maxBackoff",
        "must not be less than initialBackoff");
    Checks.check(
        maxRetryAfter != null && !maxRetryAfter.isNegative(),
        "RetryPolicy.maxRetryAfter",
        "must not be negative");
  }

  /** 3 attempts, 200 ms initial backoff, 5 s maximum backoff, 30 s maximum retry-after. */
  public static RetryPolicy ofDefaults() {
    return DEFAULTS;
  }

  /** One attempt per target: failures move on to the next target at once. */
  public static RetryPolicy none() {
    return DEFAULTS.withMaxAttempts(1);
  }

  public RetryPolicy withMaxAttempts(int maxAttempts) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  public RetryPolicy withInitialBackoff(Duration initialBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  public RetryPolicy withMaxBackoff(Duration maxBackoff) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  public RetryPolicy withMaxRetryAfter(Duration maxRetryAfter) {
    return new RetryPolicy(maxAttempts, initialBackoff, maxBackoff, maxRetryAfter);
  }

  /**
   * The cap of the backoff before retry {@code retry} (1 for the first retry): {@code
   * min(maxBackoff, initialBackoff * 2^(retry-1))}.
   */
  public Duration backoffCap(int retry) {
    Checks.check(retry >= 1, "retry", "must be at least 1");
    long initial = initialBackoff.toNanos();
    long max = maxBackoff.toNanos();
    int shift = Math.min(retry - 1, 62);
    long cap = initial > (max >> shift) ? max : initial << shift;
    return Duration.ofNanos(Math.min(cap, max));
  }
}
