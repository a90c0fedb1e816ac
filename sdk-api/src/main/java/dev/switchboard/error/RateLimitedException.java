package dev.switchboard.error;

import java.time.Duration;

/**
 * The provider throttled us (429). Retryable, after {@link #retryAfter()} when the provider said
 * how long to wait.
 *
 * @since 0.1
 */
public class RateLimitedException extends ServiceException {
  private static final long serialVersionUID = 1L;

  public RateLimitedException(
      String description, ErrorContext context, Duration retryAfter, Throwable cause) {
    super(description, context, retryAfter, cause);
  }

  public RateLimitedException(String description, ErrorContext context, Duration retryAfter) {
    this(description, context, retryAfter, null);
  }

  @Override
  public boolean retryable() {
    return true;
  }
}
