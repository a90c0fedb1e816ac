package dev.switchboard.internal.routing;

import dev.switchboard.resilience.RateLimitPolicy;

/**
 * One target's client-side rate limits: requests and tokens per minute, reserved together so a call
 * either gets both or neither. Tokens are estimated before the call and corrected from the reported
 * usage after it.
 *
 * <p>Resilience4j's {@code AtomicRateLimiter} is not used here: it cannot give permits back or
 * charge extra ones after the call (the token correction), it refreshes in fixed windows (bursts at
 * each window's start), and it reads {@link System#nanoTime()} directly, so tests could not run on
 * a virtual clock. Thread-safe.
 */
final class ClientRateLimiter implements Limiter, Limiter.Held {
  private final TokenBucket requests;
  private final TokenBucket tokens;

  ClientRateLimiter(RateLimitPolicy policy, long now) {
    this.requests =
        policy.requestsPerMinute() > 0 ? new TokenBucket(policy.requestsPerMinute(), now) : null;
    this.tokens =
        policy.tokensPerMinute() > 0 ? new TokenBucket(policy.tokensPerMinute(), now) : null;
  }

  @Override
  public boolean limitsTokens() {
    return tokens != null;
  }

  @Override
  public long charge(long estimate) {
    return tokens == null ? 0 : tokens.charge(estimate);
  }

  /**
   * Reserves one request and {@code estimate} tokens if they are available within {@code maxWait}.
   *
   * @return the nanoseconds to wait before sending (0: at once); or, when the wait would be longer
   *     than {@code maxWait} and nothing was reserved, {@code -(needed wait) - 1}
   */
  synchronized long reserve(long estimate, long maxWaitNanos, long now) {
    long wait =
        Math.max(
            requests == null ? 0 : requests.waitFor(1, now),
            tokens == null ? 0 : tokens.waitFor(estimate, now));
    if (wait > maxWaitNanos) return -wait - 1;
    if (requests != null) requests.take(1, now);
    if (tokens != null) tokens.take(estimate, now);
    return wait;
  }

  @Override
  public Grant take(long charged, long maxWaitNanos, long now) {
    long wait = reserve(charged, maxWaitNanos, now);
    return wait < 0 ? Grant.refused(-wait - 1) : new Grant(wait, this);
  }

  /** Gives back a reservation that was not used. */
  @Override
  public synchronized void cancel(long chargedTokens, long now) {
    if (requests != null) requests.adjust(-1, now);
    if (tokens != null) tokens.adjust(-chargedTokens, now);
  }

  /** Corrects the token charge once the real usage is known. */
  @Override
  public synchronized void correct(long chargedTokens, long actualTokens, long now) {
    if (tokens != null && actualTokens != chargedTokens)
      tokens.adjust(actualTokens - chargedTokens, now);
  }

  /**
   * Tokens available now (negative while reservations are outstanding); for tests and diagnostics.
   */
  synchronized double availableTokens(long now) {
    return tokens == null ? Double.POSITIVE_INFINITY : tokens.available(now);
  }
}
