package dev.switchboard.foundry.internal;

import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.TokenCredential;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Caches one scope's bearer token and refreshes it before it expires: the first caller past the
 * refresh time fetches while concurrent callers wait for that one fetch (single flight). If a
 * refresh fails while the old token is still valid, the old token is used. Thread-safe.
 */
public final class TokenCache {
  private final TokenCredential credential;
  private final String scope;
  private final Duration refreshBefore;
  private final Clock clock;
  private final ReentrantLock lock = new ReentrantLock();
  private volatile Entry entry;

  private record Entry(AccessToken token, Instant refreshAt) {}

  public TokenCache(TokenCredential credential, String scope, Duration refreshBefore, Clock clock) {
    this.credential = credential;
    this.scope = scope;
    this.refreshBefore = refreshBefore;
    this.clock = clock;
  }

  /** A token that is fresh enough to send. */
  public AccessToken token() {
    Entry e = entry;
    if (e != null && clock.instant().isBefore(e.refreshAt)) return e.token;
    lock.lock();
    try {
      e = entry;
      Instant now = clock.instant();
      if (e != null && now.isBefore(e.refreshAt)) return e.token; // another caller just refreshed
      try {
        AccessToken fresh = credential.getToken(scope);
        entry = new Entry(fresh, refreshAt(fresh, now));
        return fresh;
      } catch (RuntimeException failure) {
        if (e != null && now.isBefore(e.token.expiresAt()))
          return e.token; // still valid: ride it out
        throw failure;
      }
    } finally {
      lock.unlock();
    }
  }

  /** Forgets the token the service refused (a 401), unless another caller already replaced it. */
  @SuppressWarnings(
      "ReferenceEquality") // identity on purpose: only the very token refused is dropped
  public void invalidate(AccessToken refused) {
    lock.lock();
    try {
      Entry e = entry;
      if (e != null && e.token == refused) entry = null;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Refresh {@code refreshBefore} ahead, but never more than half-way into a short-lived token's
   * life.
   */
  private Instant refreshAt(AccessToken t, Instant now) {
    Duration life = Duration.between(now, t.expiresAt());
    if (life.isNegative()) return now;
    Duration ahead =
        refreshBefore.compareTo(life.dividedBy(2)) > 0 ? life.dividedBy(2) : refreshBefore;
    return t.expiresAt().minus(ahead);
  }
}
