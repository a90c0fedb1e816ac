package dev.switchboard.spi;

import dev.switchboard.Target;
import dev.switchboard.resilience.RateLimitPolicy;
import java.util.OptionalLong;

/**
 * A store that shares rate limits between all instances of a deployment, for limits with {@link
 * RateLimitPolicy.Scope#CLUSTER}: the JDBC one ({@code switchboard-jdbc}) keeps them in PostgreSQL.
 * A {@link PipelineFeature} offers it through {@link InstalledFeature#withClusterQuotas}.
 *
 * <p>The client guards every call to the store: when it throws, the client keeps to the instance's
 * share of the limit ({@link RateLimitPolicy#share()}) and tries the store again later, so an
 * implementation should fail fast (a short connection timeout) rather than retry.
 *
 * <p>Implementations must be thread-safe.
 *
 * @since 0.3
 */
public interface ClusterQuotas {

  /**
   * The limiter every instance shares for this target's limits. Instances asking for the same
   * target (provider id and model) and the same limits must get the same shared state.
   *
   * @param target the provider and model the limits apply to
   * @param policy the limits, with {@link RateLimitPolicy.Scope#CLUSTER}
   */
  SharedRateLimiter limiter(Target target, RateLimitPolicy policy);

  /**
   * One shared limit's state: requests and tokens per minute, refilling continuously, and a
   * back-off time that any instance may set. Each method may throw any {@link RuntimeException}
   * when the store cannot be reached; the client then falls back (see {@link ClusterQuotas}).
   *
   * @since 0.3
   */
  interface SharedRateLimiter {

    /**
     * Reserves one request and {@code tokens} tokens if both are available within {@code
     * maxWaitNanos} (and no back-off lasts longer), taking them ahead of time; the caller then
     * waits the returned time before sending.
     *
     * @param tokens the tokens to take (0 without a token limit)
     * @param maxWaitNanos the longest wait the caller accepts
     * @return the nanoseconds to wait (0: at once); or, when the wait would be longer than {@code
     *     maxWaitNanos} and nothing was reserved, {@code -(needed wait) - 1}
     */
    long reserve(long tokens, long maxWaitNanos);

    /** Gives back a reservation that was not used: one request and {@code tokens}. */
    void cancel(long tokens);

    /**
     * Corrects a reservation's tokens once the real usage is known: takes {@code actual - charged}
     * more, or gives the difference back.
     */
    void correct(long charged, long actual);

    /**
     * The vendor asked for a pause (a Retry-After): no instance sends before it is over. A later
     * call with a shorter pause does not shorten a longer one.
     *
     * @param pauseNanos the pause from now, in nanoseconds
     */
    void backOff(long pauseNanos);

    /**
     * What is left of the request limit now, for diagnostics and tests: negative while reservations
     * taken ahead of time are queued; empty without a request limit or if the store cannot tell.
     */
    default OptionalLong availableRequests() {
      return OptionalLong.empty();
    }
  }
}
