package dev.switchboard.internal.routing;

import dev.switchboard.resilience.ResilienceClock;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A {@link Clock} over a {@link ResilienceClock}, for Resilience4j's circuit breaker (its
 * open-state wait). The instants only measure intervals; they are not wall-clock time.
 */
final class NanoClock extends Clock {
  private final ResilienceClock clock;

  NanoClock(ResilienceClock clock) {
    this.clock = clock;
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }

  @Override
  public Instant instant() {
    long nanos = clock.nanoTime();
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }

  @Override
  public long millis() {
    return Math.floorDiv(clock.nanoTime(), 1_000_000L);
  }
}
