package dev.switchboard.internal.routing;

/**
 * A continuously refilling allowance of {@code capacity} units per minute. Units can be taken ahead
 * of time (the balance goes negative: later takers wait longer, in order), given back, or charged
 * after the fact. Not thread-safe: {@link ClientRateLimiter} guards it.
 */
final class TokenBucket {
  private static final double NANOS_PER_MINUTE = 60e9;

  private final long capacity;
  private final double perNano;
  private double available;
  private long last;

  TokenBucket(long perMinute, long now) {
    this.capacity = perMinute;
    this.perNano = perMinute / NANOS_PER_MINUTE;
    this.available = perMinute;
    this.last = now;
  }

  /**
   * What a take of {@code units} really takes: a take larger than the bucket takes the whole
   * bucket.
   */
  long charge(long units) {
    return Math.min(Math.max(units, 0), capacity);
  }

  /** Nanoseconds until {@code units} are available; 0 if they are now. */
  long waitFor(long units, long now) {
    refill(now);
    double missing = charge(units) - available;
    return missing <= 0 ? 0 : (long) Math.ceil(missing / perNano);
  }

  /** Takes the units now, even if that makes the balance negative (a reservation). */
  void take(long units, long now) {
    refill(now);
    available -= charge(units);
  }

  /** Charges more units ({@code delta > 0}) or gives some back ({@code delta < 0}). */
  void adjust(long delta, long now) {
    refill(now);
    available = Math.min((double) capacity, available - delta);
  }

  /** The units available now (negative while reservations are outstanding). */
  double available(long now) {
    refill(now);
    return available;
  }

  private void refill(long now) {
    long elapsed = now - last;
    if (elapsed <= 0) return;
    last = now;
    available = Math.min((double) capacity, available + elapsed * perNano);
  }
}
