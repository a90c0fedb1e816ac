package dev.switchboard.internal;

import dev.switchboard.resilience.ResilienceClock;
import java.time.Duration;

/** {@link System#nanoTime()} and {@link Thread#sleep}. */
public final class SystemResilienceClock implements ResilienceClock {
  /** The one instance. */
  public static final SystemResilienceClock INSTANCE = new SystemResilienceClock();

  private SystemResilienceClock() {}

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public void sleep(Duration duration) throws InterruptedException {
    if (duration.isNegative() || duration.isZero()) return;
    Thread.sleep(duration.toMillis(), duration.toNanosPart() % 1_000_000);
  }

  @Override
  public String toString() {
    return "ResilienceClock.system()";
  }
}
