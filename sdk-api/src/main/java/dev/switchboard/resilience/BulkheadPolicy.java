package dev.switchboard.resilience;

import dev.switchboard.spi.Checks;

/**
 * The most calls one target (provider + model) may have in flight at once; an open stream counts
 * until it completes or is closed. A call that finds the bulkhead full does not wait: it skips the
 * target and fails over, or fails if no target is left.
 *
 * <p>Immutable and thread-safe.
 *
 * @param maxConcurrent calls in flight per target; 0 for no limit (the default)
 * @since 0.1
 */
public record BulkheadPolicy(int maxConcurrent) {
  private static final BulkheadPolicy UNLIMITED = new BulkheadPolicy(0);

  /**
   * @throws IllegalArgumentException if {@code maxConcurrent} is negative
   */
  public BulkheadPolicy {
    Checks.check(maxConcurrent >= 0, "BulkheadPolicy.maxConcurrent", "must not be negative");
  }

  /** No limit (the default). */
  public static BulkheadPolicy ofDefaults() {
    return UNLIMITED;
  }

  /** At most this many calls in flight per target. */
  public static BulkheadPolicy of(int maxConcurrent) {
    return new BulkheadPolicy(maxConcurrent);
  }

  /** True if a limit is set. */
  public boolean limited() {
    return maxConcurrent > 0;
  }
}
