package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** How long to wait before retrying the same target, or whether to move on. */
class NextDelayTest {
  private static final long PLENTY = Duration.ofMinutes(2).toNanos();
  private final RetryPolicy retry = RetryPolicy.ofDefaults();
  private final ServiceUnavailableException unavailable =
      new ServiceUnavailableException(
          "service unavailable", ErrorContext.of("p", "m").withStatus(503));

  private static RateLimitedException throttled(Duration retryAfter) {
    return new RateLimitedException(
        "rate limited", ErrorContext.of("p", "m").withStatus(429), retryAfter);
  }

  @Test
  void honoursTheServersRetryAfterExactly() {
    assertThat(
            RetryDecision.nextDelay(
                throttled(Duration.ofMillis(1234)), retry, 1, PLENTY, new Random(1)))
        .isEqualTo(Duration.ofMillis(1234));
  }

  @Test
  void movesOnWhenTheServerAsksForMoreThanTheMaximum() {
    assertThat(
            RetryDecision.nextDelay(
                throttled(Duration.ofSeconds(31)), retry, 1, PLENTY, new Random(1)))
        .isNull();
  }

  @Test
  void movesOnWhenTheWaitWouldOutlastTheDeadline() {
    long left = Duration.ofSeconds(2).toNanos();
    assertThat(
            RetryDecision.nextDelay(
                throttled(Duration.ofSeconds(3)), retry, 1, left, new Random(1)))
        .isNull();
  }

  @Test
  void movesOnWhenTheAttemptsAreUsedUp() {
    assertThat(RetryDecision.nextDelay(unavailable, retry, 3, PLENTY, new Random(1))).isNull();
  }

  @Test
  void backoffIsFullJitterUnderTheDoublingCap() {
    Random random = new Random(3);
    Duration max1 = Duration.ZERO;
    Duration max2 = Duration.ZERO;
    for (int i = 0; i < 2000; i++) {
      Duration d1 = RetryDecision.nextDelay(unavailable, retry, 1, PLENTY, random);
      Duration d2 = RetryDecision.nextDelay(unavailable, retry, 2, PLENTY, random);
      assertThat(d1).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(d2).isBetween(Duration.ZERO, Duration.ofMillis(400));
      max1 = d1.compareTo(max1) > 0 ? d1 : max1;
      max2 = d2.compareTo(max2) > 0 ? d2 : max2;
    }
    // Full jitter spreads over the whole range, not around the cap.
    assertThat(max1).isGreaterThan(Duration.ofMillis(190));
    assertThat(max2).isGreaterThan(Duration.ofMillis(380));
  }
}
