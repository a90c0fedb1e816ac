package dev.switchboard.error;

/**
 * A timeout: connect, read, or the call's overall deadline. An attempt that timed out before any
 * response is retryable; a spent call deadline is not.
 *
 * @since 0.1
 */
public class CallTimeoutException extends TransportException {
  private static final long serialVersionUID = 1L;

  public CallTimeoutException(
      String description, ErrorContext context, boolean retryable, Throwable cause) {
    super(description, context, retryable, cause);
  }
}
