package dev.switchboard.error;

import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The SDK itself did not send the call to a target: its circuit breaker is open, its client-side
 * rate limit would have needed a longer wait than allowed, or its bulkhead is full. No byte left
 * the process for that target. Thrown to the caller only when every target of the call was refused
 * this way; otherwise the call failed over. Retryable: trying again later may succeed.
 *
 * @since 0.1
 */
public class CallNotPermittedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  /** Why the target was not called. */
  public enum Reason {
    /** The target's circuit breaker is open after too many failures. */
    CIRCUIT_OPEN,
    /**
     * The target's requests- or tokens-per-minute limit is used up for longer than the SDK may
     * wait.
     */
    RATE_LIMITED,
    /** The target already has its maximum of calls in flight. */
    BULKHEAD_FULL
  }

  private final Reason reason;
  private final transient Duration retryAfter;

  /**
   * @param reason why the target was not called
   * @param context the target (provider and model)
   * @param retryAfter when the target may accept calls again, or null if unknown
   */
  public CallNotPermittedException(
      Reason reason, ErrorContext context, @Nullable Duration retryAfter) {
    super(describe(reason, retryAfter), context);
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  private static String describe(Reason reason, Duration retryAfter) {
    String why =
        switch (reason) {
          case CIRCUIT_OPEN -> "its circuit breaker is open";
          case RATE_LIMITED ->
              "its client-side rate limit is used up"
                  + (retryAfter == null ? "" : " for " + retryAfter.toMillis() + " ms");
          case BULKHEAD_FULL -> "it has its maximum of concurrent calls in flight";
        };
    return "the target was not called: " + why;
  }

  /** Why the target was not called. */
  public Reason reason() {
    return reason;
  }

  /** How long until the target may accept the call, when known (rate limits). */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
