package dev.switchboard.internal.routing;

import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.usage.Usage;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What one attempt holds from its target's guards until it ends: the breaker's permission, the
 * bulkhead slot and the token reservation. Ending it once records the outcome, frees the slot and
 * corrects the tokens; later ends are ignored. Thread-safe.
 */
class Permit {
  /** The permit of a target without guards. */
  static final Permit NONE =
      new Permit(null, null, null, null, null, 0) {
        @Override
        void succeeded(Usage usage) {}

        @Override
        void failed(Throwable failure) {}
      };

  private final CircuitBreaker breaker;
  private final Limiter limiter;
  private final Limiter.Held held;
  private final Bulkhead bulkhead;
  private final ResilienceClock clock;
  private final long chargedTokens;
  private final long startNanos;
  private final AtomicBoolean ended = new AtomicBoolean();

  Permit(
      CircuitBreaker breaker,
      Limiter limiter,
      Limiter.Held held,
      Bulkhead bulkhead,
      ResilienceClock clock,
      long chargedTokens) {
    this.breaker = breaker;
    this.limiter = limiter;
    this.held = held;
    this.bulkhead = bulkhead;
    this.clock = clock;
    this.chargedTokens = chargedTokens;
    this.startNanos = clock == null ? 0 : clock.nanoTime();
  }

  /**
   * The attempt worked (or a started stream was closed by the caller).
   *
   * @param usage the reported usage, or null or empty if none was reported
   */
  void succeeded(Usage usage) {
    if (!ended.compareAndSet(false, true)) return;
    long now = clock.nanoTime();
    if (breaker != null) breaker.onSuccess(now - startNanos, TimeUnit.NANOSECONDS);
    release(usage, now);
  }

  /** The attempt failed; only failures about the target's health count against its breaker. */
  void failed(Throwable failure) {
    if (!ended.compareAndSet(false, true)) return;
    long now = clock.nanoTime();
    if (breaker != null) {
      if (countsAgainstTarget(failure)) {
        breaker.onError(now - startNanos, TimeUnit.NANOSECONDS, failure);
      } else {
        breaker.releasePermission();
      }
    }
    if (limiter != null && failure instanceof ServiceException s && s.retryAfter().isPresent()) {
      // The vendor's Retry-After: a cluster limit makes every instance pause, not just this one.
      limiter.backOff(s.retryAfter().get().toNanos(), now);
    }
    release(null, now);
  }

  private void release(Usage usage, long now) {
    if (bulkhead != null) bulkhead.onComplete();
    if (held != null && usage != null && !usage.isEmpty())
      held.correct(chargedTokens, usage.totalTokens(), now);
  }

  /**
   * Retryable failures (throttling, 5xx, transport, timeouts) say the target is unwell; others are
   * about the request.
   */
  static boolean countsAgainstTarget(Throwable failure) {
    return failure instanceof SwitchboardException s && s.retryable();
  }
}
