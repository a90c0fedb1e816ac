package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;

/**
 * Client-side rate limits per target (provider + model), set from the deployment's quota so that
 * the SDK throttles itself instead of collecting 429s. Tokens are estimated from the request before
 * the call and corrected from the reported usage after it. Limits refill continuously (a limit of
 * 600 per minute allows one request every 100 ms on average, with bursts up to 600).
 *
 * <p>A call that would have to wait longer than {@link RetryPolicy#maxRetryAfter()}, or than what
 * is left of its deadline, skips the target instead (and fails over).
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestsPerMinute requests allowed per minute; 0 for no limit
 * @param tokensPerMinute input plus output tokens allowed per minute; 0 for no limit
 * @since 0.1
 */
public record RateLimitPolicy(int requestsPerMinute, long tokensPerMinute) {
  private static final RateLimitPolicy UNLIMITED = new RateLimitPolicy(0, 0);

  /**
   * @throws IllegalArgumentException naming the field if a value is negative
   */
  public RateLimitPolicy {
    Checks.check(
        requestsPerMinute >= 0, "RateLimitPolicy.requestsPerMinute", "must not be negative");
    Checks.check(tokensPerMinute >= 0, "RateLimitPolicy.tokensPerMinute", "must not be negative");
  }

  /** No limits (the default). */
  public static RateLimitPolicy ofDefaults() {
    return UNLIMITED;
  }

  /** Limits per minute; 0 for no limit. */
  public static RateLimitPolicy perMinute(int requests, long tokens) {
    return new RateLimitPolicy(requests, tokens);
  }

  public RateLimitPolicy withRequestsPerMinute(int requestsPerMinute) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute);
  }

  public RateLimitPolicy withTokensPerMinute(long tokensPerMinute) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute);
  }

  /** True if either limit is set. */
  public boolean limited() {
    return requestsPerMinute > 0 || tokensPerMinute > 0;
  }
}
