package dev.switchboard.internal.routing;

import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What follows a failed attempt: retry the same target after {@code delay}, move on to the next
 * target, or end the call. Only failures the SDK marks {@linkplain SwitchboardException#retryable()
 * retryable} are retried or failed over; anything else ends the call at once.
 *
 * @param retryable the failure may be retried here or failed over
 * @param delay the wait before retrying the same target; null to move on (or end the call)
 * @param announced the next delay the listeners are told: {@code delay}, zero when failing over at
 *     once, or null when nothing follows
 */
record RetryDecision(boolean retryable, Duration delay, Duration announced) {

  /**
   * Decides after attempt number {@code tryNo} at one target failed with {@code e}.
   *
   * @param more whether the call has another target to fail over to
   */
  static RetryDecision after(
      RuntimeException e,
      RetryPolicy retry,
      int tryNo,
      long remainingNanos,
      boolean more,
      RandomGenerator random) {
    boolean retryable = e instanceof SwitchboardException s && s.retryable();
    Duration delay = retryable ? nextDelay(e, retry, tryNo, remainingNanos, random) : null;
    Duration announced =
        delay != null ? delay : retryable && more && remainingNanos > 0 ? Duration.ZERO : null;
    return new RetryDecision(retryable, delay, announced);
  }

  /**
   * The wait before retrying the same target, or null to move on: attempts are used up, the server
   * asks for longer than {@code maxRetryAfter}, or the wait would outlast the deadline. Without a
   * server's retry-after, the wait is full jitter under the policy's doubling cap, so that clients
   * throttled together do not retry together.
   */
  static Duration nextDelay(
      RuntimeException e,
      RetryPolicy retry,
      int tryNo,
      long remainingNanos,
      RandomGenerator random) {
    if (tryNo >= retry.maxAttempts()) return null;
    Optional<Duration> asked = e instanceof ServiceException s ? s.retryAfter() : Optional.empty();
    Duration delay;
    if (asked.isPresent()) {
      if (asked.get().compareTo(retry.maxRetryAfter()) > 0) return null;
      delay = asked.get();
    } else {
      long cap = retry.backoffCap(tryNo).toNanos();
      delay = Duration.ofNanos(cap == 0 ? 0 : random.nextLong(cap + 1));
    }
    return delay.toNanos() >= remainingNanos ? null : delay;
  }

  /** For the debug log: what happens next. */
  String describe(boolean more) {
    return !retryable
        ? "not retryable"
        : delay != null
            ? "retrying in " + delay.toMillis() + " ms"
            : more ? "failing over" : "no target left";
  }
}
