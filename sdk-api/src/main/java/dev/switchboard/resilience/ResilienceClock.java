package dev.switchboard.resilience;

import java.time.Duration;

/**
 * The time source and sleeper behind backoff, rate limits, circuit breakers and the deadline checks
 * between attempts. The default is the system's; tests can pass a virtual clock whose {@code sleep}
 * only advances {@code nanoTime}, so that retries are instant and deterministic.
 *
 * <p>{@link #nanoTime()} must be on the scale of {@link System#nanoTime()} (a virtual clock adds
 * its slept time to it), because call deadlines are set on that scale. Implementations must be
 * thread-safe.
 *
 * @since 0.1
 */
public interface ResilienceClock {

  /** The current time, in nanoseconds, on the {@link System#nanoTime()} scale. */
  long nanoTime();

  /**
   * Waits for the given time.
   *
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  void sleep(Duration duration) throws InterruptedException;

  /** The system clock and {@link Thread#sleep}. */
  static ResilienceClock system() {
    return dev.switchboard.internal.SystemResilienceClock.INSTANCE;
  }
}
