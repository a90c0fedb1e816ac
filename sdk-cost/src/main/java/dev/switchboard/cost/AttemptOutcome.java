package dev.switchboard.cost;

/**
 * How a billed attempt ended.
 *
 * @since 0.1
 */
public enum AttemptOutcome {
  /** The answer completed. */
  COMPLETED,
  /** The attempt failed after the provider had started answering (it may still bill). */
  FAILED,
  /** The caller (or a retry) closed the stream before it completed. */
  CLOSED_EARLY
}
