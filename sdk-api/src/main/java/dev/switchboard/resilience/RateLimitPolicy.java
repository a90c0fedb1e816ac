package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;
import java.util.Objects;

/**
 * Client-side rate limits per target (provider + model), set from the deployment's quota so that
 * the SDK throttles itself instead of collecting 429s. Tokens are estimated from the request before
 * the call and corrected from the reported usage after it. Limits refill continuously (a limit of
 * 600 per minute allows one request every 100 ms on average, with bursts up to 600).
 *
 * <p>A call that would have to wait longer than {@link RetryPolicy#maxRetryAfter()}, or than what
 * is left of its deadline, skips the target instead (and fails over).
 *
 * <p>With {@link Scope#CLUSTER} the limits are the deployment's, shared by every instance through a
 * store (the {@code jdbc:} database, with the {@code switchboard-jdbc} module); while that store
 * cannot be reached, each instance keeps to its share, the limits divided by {@code instances}.
 *
 * <p>Immutable and thread-safe.
 *
 * @param requestsPerMinute requests allowed per minute; 0 for no limit
 * @param tokensPerMinute input plus output tokens allowed per minute; 0 for no limit
 * @param scope whether the limits are this process's or shared by all instances
 * @param instances how many instances share a {@link Scope#CLUSTER} limit, for the share each keeps
 *     while the store is unreachable (1 for {@link Scope#INSTANCE})
 * @since 0.1
 */
public record RateLimitPolicy(
    int requestsPerMinute, long tokensPerMinute, Scope scope, int instances) {
  private static final RateLimitPolicy UNLIMITED = new RateLimitPolicy(0, 0);

  /**
   * Who a limit is counted for.
   *
   * @since 0.3
   */
  public enum Scope {
    /** Each process counts its own calls (the default). */
    INSTANCE,
    /** Every instance's calls count against one shared limit (the deployment's quota). */
    CLUSTER
  }

  /**
   * @throws IllegalArgumentException naming the field if a value is negative or {@code instances}
   *     is below 1
   */
  public RateLimitPolicy {
    Checks.check(
        requestsPerMinute >= 0, "RateLimitPolicy.requestsPerMinute", "must not be negative");
    Checks.check(tokensPerMinute >= 0, "RateLimitPolicy.tokensPerMinute", "must not be negative");
    Objects.requireNonNull(scope, "RateLimitPolicy.scope");
    Checks.check(instances >= 1, "RateLimitPolicy.instances", "must be at least 1");
  }

  /** Limits of this process alone ({@link Scope#INSTANCE}). */
  public RateLimitPolicy(int requestsPerMinute, long tokensPerMinute) {
    this(requestsPerMinute, tokensPerMinute, Scope.INSTANCE, 1);
  }

  /** No limits (the default). */
  public static RateLimitPolicy ofDefaults() {
    return UNLIMITED;
  }

  /** Limits per minute for this process; 0 for no limit. */
  public static RateLimitPolicy perMinute(int requests, long tokens) {
    return new RateLimitPolicy(requests, tokens);
  }

  /**
   * The deployment's limits per minute, shared by {@code instances} instances; 0 for no limit.
   *
   * @since 0.3
   */
  public static RateLimitPolicy clusterPerMinute(int requests, long tokens, int instances) {
    return new RateLimitPolicy(requests, tokens, Scope.CLUSTER, instances);
  }

  public RateLimitPolicy withRequestsPerMinute(int requestsPerMinute) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute, scope, instances);
  }

  public RateLimitPolicy withTokensPerMinute(long tokensPerMinute) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute, scope, instances);
  }

  /**
   * The same limits with another scope.
   *
   * @since 0.3
   */
  public RateLimitPolicy withScope(Scope scope) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute, scope, instances);
  }

  /**
   * The same limits shared by another number of instances.
   *
   * @since 0.3
   */
  public RateLimitPolicy withInstances(int instances) {
    return new RateLimitPolicy(requestsPerMinute, tokensPerMinute, scope, instances);
  }

  /** True if either limit is set. */
  public boolean limited() {
    return requestsPerMinute > 0 || tokensPerMinute > 0;
  }

  /**
   * What one instance may use on its own: each set limit divided by {@link #instances()} (rounded
   * down, at least 1), scope {@link Scope#INSTANCE}.
   *
   * @since 0.3
   */
  public RateLimitPolicy share() {
    return new RateLimitPolicy(
        requestsPerMinute == 0 ? 0 : Math.max(1, requestsPerMinute / instances),
        tokensPerMinute == 0 ? 0 : Math.max(1, tokensPerMinute / instances));
  }
}
