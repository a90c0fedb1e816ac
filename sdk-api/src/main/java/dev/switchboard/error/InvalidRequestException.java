package dev.switchboard.error;

/**
 * The provider rejected the request as invalid (400, 404 unknown deployment or model, 413, 422).
 * Not retryable.
 *
 * @since 0.1
 */
public class InvalidRequestException extends ServiceException {
  private static final long serialVersionUID = 1L;

  public InvalidRequestException(String description, ErrorContext context, Throwable cause) {
    super(description, context, null, cause);
  }

  public InvalidRequestException(String description, ErrorContext context) {
    this(description, context, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
