package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.resilience.ResilienceClock;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.Duration;

/**
 * What stands between a call and one target: circuit breaker, then rate limiter, then bulkhead
 * (each null when disabled). A call gets a {@link Permit} from all three, or none and a {@link
 * CallNotPermittedException}, before any byte is sent. Thread-safe.
 */
final class TargetGuards {
  private final Target target;
  private final CircuitBreaker breaker;
  private final Limiter limiter;
  private final Bulkhead bulkhead;
  private final ResilienceClock clock;

  TargetGuards(
      Target target,
      CircuitBreaker breaker,
      Limiter limiter,
      Bulkhead bulkhead,
      ResilienceClock clock) {
    this.target = target;
    this.breaker = breaker;
    this.limiter = limiter;
    this.bulkhead = bulkhead;
    this.clock = clock;
  }

  /** True if reserving needs the call's token estimate. */
  boolean needsTokenEstimate() {
    return limiter != null && limiter.limitsTokens();
  }

  CircuitBreaker breaker() {
    return breaker;
  }

  Limiter limiter() {
    return limiter;
  }

  /**
   * Asks every guard for the call, waiting for the rate limiter up to {@code maxWaitNanos}.
   *
   * @param tokens the call's token estimate (ignored without a tokens-per-minute limit)
   * @throws CallNotPermittedException if a guard refuses; nothing is held then
   * @throws InterruptedException if interrupted while waiting for the rate limiter
   */
  Permit acquire(long tokens, long maxWaitNanos) throws InterruptedException {
    if (breaker == null && limiter == null && bulkhead == null) return Permit.NONE;
    if (breaker != null && !breaker.tryAcquirePermission()) {
      throw refused(CallNotPermittedException.Reason.CIRCUIT_OPEN, null);
    }
    long charged = limiter == null ? 0 : limiter.charge(tokens);
    Limiter.Held held = null;
    try {
      if (limiter != null) {
        Limiter.Grant grant = limiter.take(charged, maxWaitNanos, clock.nanoTime());
        if (!grant.granted())
          throw refused(
              CallNotPermittedException.Reason.RATE_LIMITED, Duration.ofNanos(grant.waitNanos()));
        held = grant.held();
        if (grant.waitNanos() > 0) clock.sleep(Duration.ofNanos(grant.waitNanos()));
      }
      if (bulkhead != null && !bulkhead.tryAcquirePermission()) {
        throw refused(CallNotPermittedException.Reason.BULKHEAD_FULL, null);
      }
    } catch (InterruptedException | RuntimeException e) {
      if (held != null) held.cancel(charged, clock.nanoTime());
      if (breaker != null) breaker.releasePermission();
      throw e;
    }
    return new Permit(breaker, limiter, held, bulkhead, clock, charged);
  }

  private CallNotPermittedException refused(
      CallNotPermittedException.Reason reason, Duration retryAfter) {
    return new CallNotPermittedException(
        reason, ErrorContext.of(target.provider(), target.model()), retryAfter);
  }

  @Override
  public String toString() {
    return "TargetGuards["
        + target.label()
        + ", breaker="
        + (breaker == null ? "off" : breaker.getState())
        + ", limiter="
        + (limiter == null ? "off" : "on")
        + ", bulkhead="
        + (bulkhead == null ? "off" : "on")
        + "]";
  }
}
