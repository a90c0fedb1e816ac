package dev.switchboard.foundry.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.Secret;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.TransportException;
import dev.switchboard.foundry.AccessToken;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TokenCacheTest {
  private final AuthFlowsTest.MutableClock clock =
      new AuthFlowsTest.MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

  @Test
  void aFailedRefreshRidesOnTheStillValidToken() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            scope -> {
              if (calls.incrementAndGet() > 1)
                throw new TransportException("identity endpoint down", ErrorContext.NONE, null);
              return new AccessToken(Secret.of("t1"), clock.instant().plus(Duration.ofMinutes(60)));
            },
            "s",
            Duration.ofMinutes(5),
            clock);
    assertThat(cache.token().token().reveal()).isEqualTo("t1");
    clock.advance(Duration.ofMinutes(57)); // inside the refresh window, not expired
    assertThat(cache.token().token().reveal()).isEqualTo("t1");
    clock.advance(Duration.ofMinutes(4)); // expired: the failure surfaces
    assertThatThrownBy(cache::token).isInstanceOf(TransportException.class);
  }

  @Test
  void shortLivedTokensAreRefreshedHalfWayNotEveryCall() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            scope ->
                new AccessToken(
                    Secret.of("t" + calls.incrementAndGet()),
                    clock.instant().plus(Duration.ofMinutes(4))),
            "s",
            Duration.ofMinutes(5),
            clock);
    cache.token();
    clock.advance(Duration.ofMinutes(1));
    cache.token();
    assertThat(calls).hasValue(1);
    clock.advance(Duration.ofMinutes(2));
    cache.token();
    assertThat(calls).hasValue(2);
  }

  @Test
  void invalidateForgetsOnlyTheRefusedToken() {
    AtomicInteger calls = new AtomicInteger();
    TokenCache cache =
        new TokenCache(
            scope ->
                new AccessToken(
                    Secret.of("t" + calls.incrementAndGet()),
                    clock.instant().plus(Duration.ofHours(1))),
            "s",
            Duration.ofMinutes(5),
            clock);
    AccessToken first = cache.token();
    cache.invalidate(new AccessToken(Secret.of("other"), Instant.MAX));
    assertThat(cache.token()).isSameAs(first);
    cache.invalidate(first);
    assertThat(cache.token().token().reveal()).isEqualTo("t2");
    assertThat(first.toString()).doesNotContain("t1");
  }
}
