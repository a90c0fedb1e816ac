package dev.switchboard.error;

import java.time.Duration;

/**
 * The provider failed or is overloaded (500, 502, 503, 504, 529, 408), or a local server is down or
 * still loading its model. Retryable.
 *
 * @since 0.1
 */
public class ServiceUnavailableException extends ServiceException {
  private static final long serialVersionUID = 1L;

  public ServiceUnavailableException(
      String description, ErrorContext context, Duration retryAfter, Throwable cause) {
    super(description, context, retryAfter, cause);
  }

  public ServiceUnavailableException(String description, ErrorContext context) {
    this(description, context, null, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
