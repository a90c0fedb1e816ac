package dev.switchboard.mock;

import dev.switchboard.SwitchboardClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link SwitchboardClock} for tests: sleeping returns at once and moves the clock forward
 * instead, so backoff, retry-after, rate-limit waits and circuit-breaker open periods take no real
 * time, and budget periods, BAA expiry and audit time stamps move with it. Its monotonic time is
 * the system's plus everything slept or {@linkplain #advance advanced}; its wall time is its start
 * instant plus the same. Thread-safe; a sleep on one thread moves the clock for all.
 *
 * <pre>{@code
 * VirtualClock clock = new VirtualClock();
 * ModelClient client = ModelClient.builder().provider(mock).route("m", Route.of("mock", "m-1"))
 *     .clock(clock).build();
 * mock.enqueue(MockReply.fault(MockFault.rateLimited(Duration.ofSeconds(2))));
 * client.chat(request);
 * assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
 * }</pre>
 *
 * @since 0.1
 */
public final class VirtualClock implements SwitchboardClock {
  private final AtomicLong offset = new AtomicLong();
  private final List<Duration> sleeps = new CopyOnWriteArrayList<>();
  private final Instant start;

  /** A clock whose wall time starts now. */
  public VirtualClock() {
    this(Instant.now());
  }

  /**
   * A clock whose wall time starts at the given instant (to place a test in a budget period or
   * before a BAA expires).
   */
  public VirtualClock(Instant start) {
    this.start = Objects.requireNonNull(start, "start");
  }

  @Override
  public Instant instant() {
    return start.plusNanos(offset.get());
  }

  @Override
  public long nanoTime() {
    return System.nanoTime() + offset.get();
  }

  /** Records the sleep and moves the clock forward by it; returns at once. */
  @Override
  public void sleep(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative() || duration.isZero()) return;
    sleeps.add(duration);
    offset.addAndGet(duration.toNanos());
  }

  /** Moves the clock forward without recording a sleep (time passing between calls). */
  public void advance(Duration duration) {
    Objects.requireNonNull(duration, "duration");
    if (duration.isNegative()) throw new IllegalArgumentException("duration: must not be negative");
    offset.addAndGet(duration.toNanos());
  }

  /** Every sleep so far, in order. */
  public List<Duration> sleeps() {
    return List.copyOf(sleeps);
  }

  /** The sum of all sleeps. */
  public Duration slept() {
    Duration total = Duration.ZERO;
    for (Duration d : sleeps) total = total.plus(d);
    return total;
  }

  @Override
  public String toString() {
    return "VirtualClock[offset="
        + Duration.ofNanos(offset.get()).toMillis()
        + "ms, sleeps="
        + sleeps.size()
        + "]";
  }
}
