package dev.switchboard.testing;

import dev.switchboard.SwitchboardClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A virtual {@link SwitchboardClock} for tests: sleeping returns at once and moves the clock
 * forward instead, so backoff, retry-after, rate-limit waits, circuit-breaker open periods and a
 * {@link ScriptedProvider}'s latency take no real time, and tests that assert on them cannot be
 * broken by a loaded machine. Monotonic time is the system's plus everything slept or {@linkplain
 * #advance advanced} (call deadlines are set on the system's scale); wall time is the start instant
 * plus the same. Thread-safe: a sleep on one thread moves the clock for all.
 *
 * <pre>{@code
 * TestClock clock = new TestClock();
 * ModelClient client = ModelClient.builder().provider(provider).route("m", Route.of("p", "m-1"))
 *     .clock(clock).build();
 * provider.then(ScriptedReply.rateLimited(Duration.ofSeconds(2)));
 * client.chat(request);
 * assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2));
 * }</pre>
 */
public final class TestClock implements SwitchboardClock {
  private final AtomicLong offset = new AtomicLong();
  private final Queue<Duration> sleeps = new ConcurrentLinkedQueue<>();
  private final Instant start;

  /** A clock whose wall time starts now. */
  public TestClock() {
    this(Instant.now());
  }

  /** A clock whose wall time starts at the given instant. */
  public TestClock(Instant start) {
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

  /** Virtual time passed since the clock was made: everything slept or advanced. */
  public Duration elapsed() {
    return Duration.ofNanos(offset.get());
  }

  @Override
  public String toString() {
    return "TestClock[offset="
        + Duration.ofNanos(offset.get()).toMillis()
        + "ms, sleeps="
        + sleeps.size()
        + "]";
  }
}
