package dev.switchboard.internal.compliance.audit;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.UUID;

/** RFC 9562 version 7 UUIDs: a 48-bit Unix millisecond timestamp, then random bits; sortable by time. */
public final class UuidV7 {
  private static final SecureRandom RANDOM = new SecureRandom();

  private UuidV7() {}

  /** A new UUIDv7 for the clock's current millisecond. */
  public static UUID next(Clock clock) {
    long millis = clock.millis();
    long randA = RANDOM.nextInt(1 << 12);
    long msb = (millis & 0xFFFF_FFFF_FFFFL) << 16 | 0x7000L | randA;
    long lsb = (RANDOM.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
    return new UUID(msb, lsb);
  }
}
