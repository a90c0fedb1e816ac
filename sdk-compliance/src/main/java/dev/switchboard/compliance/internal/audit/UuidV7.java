package dev.switchboard.compliance.internal.audit;

import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * RFC 9562 version 7 UUIDs: a 48-bit Unix millisecond timestamp, then 74 random bits; sortable by
 * time. Event ids need uniqueness, not secrecy, so the bits come from a per-thread generator: a
 * SecureRandom reads /dev/urandom every few ids, and on a busy host each such read can cost
 * milliseconds of waiting for the CPU.
 */
public final class UuidV7 {

  private UuidV7() {}

  /** A new UUIDv7 for the clock's current millisecond. */
  public static UUID next(Clock clock) {
    return next(clock.millis());
  }

  /** A new UUIDv7 for the given Unix millisecond (a record's own time stamp). */
  public static UUID next(long millis) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    long randA = random.nextInt(1 << 12);
    long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
    long lsb = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
