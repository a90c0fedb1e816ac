package dev.switchboard;

import dev.switchboard.resilience.ResilienceClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The one clock of a client: wall time for audit time stamps, BAA expiry, cost records and budget
 * periods, and the monotonic time and sleeper behind deadlines, backoff, rate limits and circuit
 * breakers. One clock for everything, so that a test that moves time moves all of it.
 *
 * <p>The default is the system's. Tests pass a virtual clock (for example the mock module's {@code
 * VirtualClock}) whose {@code sleep} advances both times without waiting. Implementations must be
 * thread-safe.
 *
 * @since 0.2
 */
public interface SwitchboardClock extends ResilienceClock {

  /** The current wall-clock time. */
  Instant instant();

  /** The system clock in UTC and {@link Thread#sleep}. */
  static SwitchboardClock system() {
    return of(Clock.systemUTC());
  }

  /**
   * A clock whose wall time comes from {@code wall} and whose monotonic time and sleep are the
   * system's (for a fixed or offset {@link Clock} in tests of budget periods or BAA expiry).
   */
  static SwitchboardClock of(Clock wall) {
    java.util.Objects.requireNonNull(wall, "wall");
    return new SwitchboardClock() {
      @Override
      public Instant instant() {
        return wall.instant();
      }

      @Override
      public long nanoTime() {
        return System.nanoTime();
      }

      @Override
      public void sleep(Duration duration) throws InterruptedException {
        ResilienceClock.system().sleep(duration);
      }

      @Override
      public String toString() {
        return "SwitchboardClock[" + wall + "]";
      }
    };
  }

  /** This clock's wall time as a {@link Clock} in UTC, for APIs that take one. */
  default Clock asClock() {
    SwitchboardClock self = this;
    return new Clock() {
      @Override
      public java.time.ZoneId getZone() {
        return java.time.ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(java.time.ZoneId zone) {
        return Clock.fixed(instant(), zone);
      }

      @Override
      public Instant instant() {
        return self.instant();
      }
    };
  }
}
