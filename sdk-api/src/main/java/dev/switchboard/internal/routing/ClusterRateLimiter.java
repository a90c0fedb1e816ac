package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.CallListener.QuotaMode;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.spi.ClusterQuotas.SharedRateLimiter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@code scope: cluster} rate limit: reserved in the shared store, and, while the store cannot be
 * reached, in a local bucket holding this instance's share of the limit ({@link
 * RateLimitPolicy#share()}), so that calls go on at a safe rate instead of all failing. The store
 * is tried again at most every {@link #RETRY_STORE_NANOS} while it is down, so a dead database
 * costs one failed attempt per interval, not one per call. The change of mode is logged (WARN when
 * degrading, INFO when back) and reported to the listener. Thread-safe.
 */
final class ClusterRateLimiter implements Limiter {
  private static final Logger log = LoggerFactory.getLogger(ClusterRateLimiter.class);

  /** How long the store is left alone after it failed. */
  static final long RETRY_STORE_NANOS = TimeUnit.SECONDS.toNanos(10);

  private final Target target;
  private final RateLimitPolicy policy;
  private final SharedRateLimiter shared;
  private final ClientRateLimiter local;
  private final CallListener listener;
  private final Held sharedHeld;
  private final Object modeLock = new Object();
  private boolean degraded;
  private long retryStoreAt;

  ClusterRateLimiter(
      Target target,
      RateLimitPolicy policy,
      SharedRateLimiter shared,
      CallListener listener,
      long now) {
    this.target = target;
    this.policy = policy;
    this.shared = shared;
    this.local = new ClientRateLimiter(policy.share(), now);
    this.listener = listener;
    this.sharedHeld = new SharedHeld();
  }

  @Override
  public boolean limitsTokens() {
    return policy.tokensPerMinute() > 0;
  }

  @Override
  public long charge(long estimate) {
    return policy.tokensPerMinute() == 0
        ? 0
        : Math.min(Math.max(estimate, 0), policy.tokensPerMinute());
  }

  @Override
  public Grant take(long charged, long maxWaitNanos, long now) {
    if (useStore(now)) {
      try {
        long wait = shared.reserve(charged, maxWaitNanos);
        storeAnswered();
        return wait < 0 ? Grant.refused(-wait - 1) : new Grant(wait, sharedHeld);
      } catch (RuntimeException e) {
        storeFailed(e, now);
      }
    }
    // The local share may be smaller than one call's charge: charge at most what it holds, and
    // give back or correct exactly that.
    long localCharged = local.charge(charged);
    Grant g = local.take(localCharged, maxWaitNanos, now);
    if (!g.granted() || localCharged == charged) return g;
    return new Grant(
        g.waitNanos(),
        new Held() {
          @Override
          public void cancel(long chargedTokens, long at) {
            local.cancel(localCharged, at);
          }

          @Override
          public void correct(long chargedTokens, long actualTokens, long at) {
            local.correct(localCharged, actualTokens, at);
          }
        });
  }

  @Override
  public void backOff(long pauseNanos, long now) {
    if (pauseNanos <= 0 || !useStore(now)) return;
    try {
      shared.backOff(pauseNanos);
    } catch (RuntimeException e) {
      storeFailed(e, now);
    }
  }

  /** True while the store is in use, or when it is time to try it again. */
  private boolean useStore(long now) {
    synchronized (modeLock) {
      return !degraded || now - retryStoreAt >= 0;
    }
  }

  private void storeAnswered() {
    synchronized (modeLock) {
      if (!degraded) return;
      degraded = false;
    }
    log.info("cluster rate limit for {}: the shared store answers again", target.label());
    listener.quotaModeChanged(
        new CallListener.QuotaModeChanged(target, QuotaMode.SHARED, "store reachable"));
  }

  private void storeFailed(RuntimeException e, long now) {
    boolean changed;
    synchronized (modeLock) {
      changed = !degraded;
      degraded = true;
      retryStoreAt = now + RETRY_STORE_NANOS;
    }
    if (!changed) return;
    // The exception type only: a driver's message can carry the URL or the user.
    log.warn(
        "cluster rate limit for {}: the shared store cannot be reached ({}); keeping to this"
            + " instance's share ({} requests, {} tokens per minute, 1/{} of the limit) until it"
            + " answers",
        target.label(),
        e.getClass().getName(),
        policy.share().requestsPerMinute(),
        policy.share().tokensPerMinute(),
        policy.instances());
    listener.quotaModeChanged(
        new CallListener.QuotaModeChanged(
            target, QuotaMode.INSTANCE_SHARE, e.getClass().getName()));
  }

  /** A reservation in the store: given back or corrected there (best effort if it is down). */
  private final class SharedHeld implements Held {
    @Override
    public void cancel(long chargedTokens, long now) {
      try {
        shared.cancel(chargedTokens);
      } catch (RuntimeException e) {
        storeFailed(e, now);
      }
    }

    @Override
    public void correct(long chargedTokens, long actualTokens, long now) {
      if (chargedTokens == actualTokens || policy.tokensPerMinute() == 0) return;
      try {
        shared.correct(chargedTokens, actualTokens);
      } catch (RuntimeException e) {
        // The answer is already delivered; the shared bucket is off by this call's tokens.
        storeFailed(e, now);
      }
    }
  }
}
