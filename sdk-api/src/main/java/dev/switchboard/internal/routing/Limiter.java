package dev.switchboard.internal.routing;

/**
 * What {@link TargetGuards} needs of a rate limiter: the per-instance {@link ClientRateLimiter} or
 * the cluster-wide {@link ClusterRateLimiter}. Implementations are thread-safe.
 */
interface Limiter {

  /** True if a token estimate is needed to reserve. */
  boolean limitsTokens();

  /** The tokens a reservation of {@code estimate} charges (the estimate, capped at the limit). */
  long charge(long estimate);

  /**
   * Reserves one request and {@code charged} tokens if they are available within {@code
   * maxWaitNanos}.
   *
   * @return what was reserved and how long to wait, or a refusal with the needed wait
   */
  Grant take(long charged, long maxWaitNanos, long now);

  /** The vendor asked for a pause (a Retry-After) on this target; by default ignored. */
  default void backOff(long pauseNanos, long now) {}

  /** Where a reservation was made, to give it back or correct it. */
  interface Held {
    /** Gives back a reservation that was not used. */
    void cancel(long chargedTokens, long now);

    /** Corrects the token charge once the real usage is known. */
    void correct(long chargedTokens, long actualTokens, long now);
  }

  /**
   * The answer to {@link #take}.
   *
   * @param waitNanos the wait before sending; when refused, the wait that would have been needed
   * @param held where the reservation was made; null when refused
   */
  record Grant(long waitNanos, Held held) {
    static Grant refused(long neededWaitNanos) {
      return new Grant(neededWaitNanos, null);
    }

    boolean granted() {
      return held != null;
    }
  }
}
