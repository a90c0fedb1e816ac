package dev.switchboard.internal;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUID strings for call and request ids. Uses ThreadLocalRandom, not SecureRandom:
 * these ids correlate logs and support cases, they guard nothing, and {@code UUID.randomUUID()}
 * costs a SecureRandom draw on every call's hot path.
 */
public final class Ids {
  private Ids() {}

  /** A fresh random UUID string. */
  public static String uuid() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    return format(r.nextLong(), r.nextLong());
  }

  /** Formats two longs as a version-4, variant-2 UUID string. */
  public static String format(long hi, long lo) {
    hi = (hi & ~0xF000L) | 0x4000L;
    lo = (lo & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
    // UUID's own formatting writes the string's bytes directly: no char[] to copy from, per call.
    return new UUID(hi, lo).toString();
  }
}
