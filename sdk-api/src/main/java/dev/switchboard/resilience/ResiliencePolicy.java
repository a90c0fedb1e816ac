package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;

/**
 * Everything that decides how a call to one target survives failures: retry, circuit breaker, rate
 * limit and bulkhead. Immutable and thread-safe; the {@code with} methods return copies.
 *
 * <pre>{@code
 * ModelClient client = ModelClient.builder()
 *     .resilience(ResilienceSettings.builder()
 *         .global(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.ofDefaults().withMaxAttempts(4)))
 *         .provider("foundry-us", p -> p.withRateLimit(RateLimitPolicy.perMinute(600, 90_000)))
 *         .build())
 *     ...
 *     .build();
 * }</pre>
 *
 * @param retry when and how long to wait before trying again
 * @param circuitBreaker when to stop calling a failing target for a while
 * @param rateLimit requests and tokens per minute per target
 * @param bulkhead concurrent calls per target
 * @since 0.1
 */
public record ResiliencePolicy(
    RetryPolicy retry,
    CircuitBreakerPolicy circuitBreaker,
    RateLimitPolicy rateLimit,
    BulkheadPolicy bulkhead) {
  private static final ResiliencePolicy DEFAULTS =
      new ResiliencePolicy(
          RetryPolicy.ofDefaults(),
          CircuitBreakerPolicy.ofDefaults(),
          RateLimitPolicy.ofDefaults(),
          BulkheadPolicy.ofDefaults());

  /**
   * @throws IllegalArgumentException if a section is null
   */
  public ResiliencePolicy {
    Checks.notNull(retry, "ResiliencePolicy.retry");
    Checks.notNull(circuitBreaker, "ResiliencePolicy.circuitBreaker");
    Checks.notNull(rateLimit, "ResiliencePolicy.rateLimit");
    Checks.notNull(bulkhead, "ResiliencePolicy.bulkhead");
  }

  /**
   * Retry 3 times with 200 ms to 5 s backoff and at most 30 s retry-after; circuit breaker at 50%
   * failures over 20 attempts, open for 30 s; no rate limit; no bulkhead.
   */
  public static ResiliencePolicy ofDefaults() {
    return DEFAULTS;
  }

  public ResiliencePolicy withRetry(RetryPolicy retry) {
    return new ResiliencePolicy(retry, circuitBreaker, rateLimit, bulkhead);
  }

  public ResiliencePolicy withCircuitBreaker(CircuitBreakerPolicy circuitBreaker) {
    return new ResiliencePolicy(retry, circuitBreaker, rateLimit, bulkhead);
  }

  public ResiliencePolicy withRateLimit(RateLimitPolicy rateLimit) {
    return new ResiliencePolicy(retry, circuitBreaker, rateLimit, bulkhead);
  }

  public ResiliencePolicy withBulkhead(BulkheadPolicy bulkhead) {
    return new ResiliencePolicy(retry, circuitBreaker, rateLimit, bulkhead);
  }
}
