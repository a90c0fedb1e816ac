package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.resilience.RateLimitPolicy;
import org.junit.jupiter.api.Test;

class ClientRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void aFullBucketGrantsBurstsThenRefillsContinuously() {
    ClientRateLimiter limiter = new ClientRateLimiter(RateLimitPolicy.perMinute(60, 0), 0);
    for (int i = 0; i < 60; i++) assertThat(limiter.reserve(0, 0, 0)).isZero();

    assertThat(limiter.reserve(0, 0, 0)).isEqualTo(-SECOND - 1);
    assertThat(limiter.reserve(0, 0, SECOND)).isZero();
  }

  @Test
  void aReservationWithinTheMaximumWaitIsTakenAndLaterCallersQueueBehindIt() {
    ClientRateLimiter limiter = new ClientRateLimiter(RateLimitPolicy.perMinute(1, 0), 0);
    limiter.reserve(0, 0, 0);

    assertThat(limiter.reserve(0, 60 * SECOND, 0)).isEqualTo(60 * SECOND);
    assertThat(limiter.reserve(0, 60 * SECOND, 0)).isEqualTo(-120 * SECOND - 1);
  }

  @Test
  void tokensAreCorrectedBothWays() {
    ClientRateLimiter limiter = new ClientRateLimiter(RateLimitPolicy.perMinute(0, 1000), 0);
    assertThat(limiter.reserve(900, 0, 0)).isZero();
    assertThat(limiter.availableTokens(0)).isEqualTo(100);

    limiter.correct(900, 15, 0);
    assertThat(limiter.availableTokens(0)).isEqualTo(985);

    limiter.correct(0, 1985, 0);
    assertThat(limiter.availableTokens(0)).isEqualTo(-1000);
    assertThat(limiter.reserve(1, 0, 0)).isNegative();
  }

  @Test
  void anEstimateLargerThanTheLimitWaitsForAFullBucketInsteadOfForever() {
    ClientRateLimiter limiter = new ClientRateLimiter(RateLimitPolicy.perMinute(0, 1000), 0);
    limiter.reserve(500, 0, 0);

    assertThat(limiter.charge(5000)).isEqualTo(1000);
    assertThat(limiter.reserve(5000, 60 * SECOND, 0)).isEqualTo(30 * SECOND);
  }

  @Test
  void cancellingGivesTheReservationBack() {
    ClientRateLimiter limiter = new ClientRateLimiter(RateLimitPolicy.perMinute(1, 100), 0);
    limiter.reserve(100, 0, 0);

    limiter.cancel(100, 0);

    assertThat(limiter.reserve(100, 0, 0)).isZero();
  }
}
