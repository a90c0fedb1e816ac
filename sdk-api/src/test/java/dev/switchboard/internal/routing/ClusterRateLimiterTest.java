package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Target;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.CallListener.QuotaMode;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.spi.ClusterQuotas.SharedRateLimiter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterRateLimiterTest {
  private static final long SECOND = 1_000_000_000L;
  private static final Target TARGET = Target.of("foundry-us", "gpt-4.1-mini");

  /** A store that counts what it is asked, answers from a script, and can be taken down. */
  private static final class FakeStore implements SharedRateLimiter {
    boolean down;
    long answer;
    int reserves;
    long reservedTokens;
    long cancelledTokens;
    long correctedBy;
    long backOff;

    @Override
    public long reserve(long tokens, long maxWaitNanos) {
      reserves++;
      if (down) throw new IllegalStateException("connection refused");
      if (answer >= 0) reservedTokens += tokens;
      return answer;
    }

    @Override
    public void cancel(long tokens) {
      if (down) throw new IllegalStateException("connection refused");
      cancelledTokens += tokens;
    }

    @Override
    public void correct(long charged, long actual) {
      if (down) throw new IllegalStateException("connection refused");
      correctedBy += actual - charged;
    }

    @Override
    public void backOff(long pauseNanos) {
      if (down) throw new IllegalStateException("connection refused");
      backOff = Math.max(backOff, pauseNanos);
    }
  }

  private final FakeStore store = new FakeStore();
  private final List<CallListener.QuotaModeChanged> events = new ArrayList<>();
  private final CallListener listener =
      new CallListener() {
        @Override
        public void quotaModeChanged(QuotaModeChanged event) {
          events.add(event);
        }
      };

  private ClusterRateLimiter limiter(int requests, long tokens, int instances) {
    return new ClusterRateLimiter(
        TARGET, RateLimitPolicy.clusterPerMinute(requests, tokens, instances), store, listener, 0);
  }

  @Test
  void reservesCorrectsAndCancelsInTheSharedStoreWhileItAnswers() {
    ClusterRateLimiter limiter = limiter(600, 90_000, 4);

    Limiter.Grant grant = limiter.take(limiter.charge(1_000), 0, 0);
    assertThat(grant.granted()).isTrue();
    grant.held().correct(1_000, 1_250, 0);
    Limiter.Grant second = limiter.take(500, 0, 0);
    second.held().cancel(500, 0);

    assertThat(store.reserves).isEqualTo(2);
    assertThat(store.reservedTokens).isEqualTo(1_500);
    assertThat(store.correctedBy).isEqualTo(250);
    assertThat(store.cancelledTokens).isEqualTo(500);
    assertThat(events).isEmpty();
  }

  @Test
  void aRefusalFromTheStoreCarriesTheNeededWait() {
    ClusterRateLimiter limiter = limiter(600, 0, 4);
    store.answer = -3 * SECOND - 1;

    Limiter.Grant grant = limiter.take(0, SECOND, 0);

    assertThat(grant.granted()).isFalse();
    assertThat(grant.waitNanos()).isEqualTo(3 * SECOND);
  }

  @Test
  void anUnreachableStoreDegradesToTheInstanceShareAndSaysSoOnce() {
    ClusterRateLimiter limiter = limiter(600, 0, 4);
    store.down = true;

    int admitted = 0;
    for (int i = 0; i < 400; i++) {
      if (limiter.take(0, 0, SECOND).granted()) admitted++;
    }

    assertThat(admitted).as("600 per minute over 4 instances: a full bucket of 150").isEqualTo(150);
    assertThat(store.reserves).as("the store is not asked again within the interval").isOne();
    assertThat(events)
        .containsExactly(
            new CallListener.QuotaModeChanged(
                TARGET, QuotaMode.INSTANCE_SHARE, IllegalStateException.class.getName()));
  }

  @Test
  void theStoreIsTriedAgainAfterTheIntervalAndItsReturnIsReported() {
    ClusterRateLimiter limiter = limiter(600, 0, 4);
    store.down = true;
    limiter.take(0, 0, 0);
    store.down = false;

    limiter.take(0, 0, ClusterRateLimiter.RETRY_STORE_NANOS - 1);
    assertThat(store.reserves).isOne();
    Limiter.Grant back = limiter.take(0, 0, ClusterRateLimiter.RETRY_STORE_NANOS);

    assertThat(back.granted()).isTrue();
    assertThat(store.reserves).isEqualTo(2);
    assertThat(events)
        .extracting(CallListener.QuotaModeChanged::mode)
        .containsExactly(QuotaMode.INSTANCE_SHARE, QuotaMode.SHARED);
  }

  @Test
  void aTokenChargeLargerThanTheInstanceShareIsCappedAndCorrectedLocally() {
    ClusterRateLimiter limiter = limiter(0, 4_000, 4);
    store.down = true;

    Limiter.Grant grant = limiter.take(limiter.charge(3_000), 0, 0);
    assertThat(grant.granted()).as("capped at the share of 1,000").isTrue();
    grant.held().correct(3_000, 400, 0);

    assertThat(limiter.take(600, 0, 0).granted()).as("1,000 - 400 left").isTrue();
    assertThat(limiter.take(1, 0, 0).granted()).isFalse();
  }

  @Test
  void aVendorsRetryAfterIsSharedThroughTheStore() {
    ClusterRateLimiter limiter = limiter(600, 0, 4);

    limiter.backOff(7 * SECOND, 0);

    assertThat(store.backOff).isEqualTo(7 * SECOND);
  }
}
