package dev.switchboard.internal;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Random version-4 UUID strings for call and request ids. Uses ThreadLocalRandom, not SecureRandom:
 * these ids correlate logs and support cases, they guard nothing, and {@code UUID.randomUUID()}
 * costs a SecureRandom draw on every call's hot path.
 */
public final class Ids {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

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
    char[] c = new char[36];
    hex(c, 0, hi >>> 32, 8);
    c[8] = '-';
    hex(c, 9, hi >>> 16, 4);
    c[13] = '-';
    hex(c, 14, hi, 4);
    c[18] = '-';
    hex(c, 19, lo >>> 48, 4);
    c[23] = '-';
    hex(c, 24, lo, 12);
    return new String(c);
  }

  private static void hex(char[] c, int at, long v, int digits) {
    for (int i = digits - 1; i >= 0; i--) {
      c[at + i] = HEX[(int) (v & 0xF)];
      v >>>= 4;
    }
  }
}
