package dev.switchboard.error;

/**
 * The connection failed: refused, reset, or cut mid-response. Retryable unless the failure happened
 * after part of a stream reached the caller.
 *
 * @since 0.1
 */
public class TransportException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final boolean retryable;

  public TransportException(
      String description, ErrorContext context, boolean retryable, Throwable cause) {
    super(description, context, cause);
    this.retryable = retryable;
  }

  public TransportException(String description, ErrorContext context, Throwable cause) {
    this(description, context, true, cause);
  }

  @Override
  public boolean retryable() {
    return retryable;
  }
}
