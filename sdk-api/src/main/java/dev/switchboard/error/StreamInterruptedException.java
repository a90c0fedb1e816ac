package dev.switchboard.error;

import dev.switchboard.usage.Usage;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A stream failed after its first event had reached the caller. Never retried and never failed
 * over: the caller has already seen part of the answer, and a second attempt would produce a
 * different one (and bill twice). The exception says how much was received, never what: the caller
 * has the text it iterated, and the message holds only counts.
 *
 * <p>The cause is the underlying failure (a {@link TransportException} for a dropped connection, a
 * {@link DecodingException} for a broken frame, ...).
 *
 * @since 0.1
 */
public class StreamInterruptedException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final long receivedChars;
  private final int receivedTextParts;
  private final int receivedToolCallFragments;
  private final transient Usage usage;

  /**
   * @param context where the stream broke
   * @param receivedChars characters of answer text that had passed to the caller
   * @param receivedTextParts text deltas that had passed to the caller
   * @param receivedToolCallFragments tool-call fragments that had passed to the caller
   * @param usage the last usage the provider reported before the failure, or null
   * @param cause the underlying failure
   */
  public StreamInterruptedException(
      ErrorContext context,
      long receivedChars,
      int receivedTextParts,
      int receivedToolCallFragments,
      @Nullable Usage usage,
      Throwable cause) {
    super(
        "the stream broke after "
            + receivedTextParts
            + " text parts ("
            + receivedChars
            + " chars) and "
            + receivedToolCallFragments
            + " tool-call fragments had reached the caller; not retried"
            + (cause == null ? "" : " [" + cause.getClass().getSimpleName() + "]"),
        context,
        cause);
    this.receivedChars = receivedChars;
    this.receivedTextParts = receivedTextParts;
    this.receivedToolCallFragments = receivedToolCallFragments;
    this.usage = usage;
  }

  /** Characters of answer text the caller received before the failure. */
  public long receivedChars() {
    return receivedChars;
  }

  /** Text deltas the caller received before the failure. */
  public int receivedTextParts() {
    return receivedTextParts;
  }

  /** Tool-call fragments the caller received before the failure. */
  public int receivedToolCallFragments() {
    return receivedToolCallFragments;
  }

  /**
   * The last usage the provider reported before the failure; usually absent, as usage comes last.
   */
  public Optional<Usage> usage() {
    return Optional.ofNullable(usage);
  }

  /** Always false: part of the answer was delivered. */
  @Override
  public boolean retryable() {
    return false;
  }
}
