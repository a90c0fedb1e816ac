package dev.switchboard.error;

import java.time.Duration;
import java.util.Optional;

/**
 * The provider answered with an error status. Subclasses name the common classes; this class itself
 * covers the rest (409, 501, ...).
 *
 * @since 0.1
 */
public class ServiceException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final transient Duration retryAfter;

  public ServiceException(
      String description, ErrorContext context, Duration retryAfter, Throwable cause) {
    super(description, context, cause);
    this.retryAfter = retryAfter;
  }

  public ServiceException(String description, ErrorContext context) {
    this(description, context, null, null);
  }

  /** The HTTP status. */
  public int statusCode() {
    return context().statusCode();
  }

  /** The provider's error code, such as {@code DeploymentNotFound}. */
  public Optional<String> errorCode() {
    return Optional.ofNullable(context().errorCode());
  }

  /** How long the provider asked us to wait before trying again. */
  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  /** 408, 429 and 5xx are worth retrying; other statuses are not. */
  @Override
  public boolean retryable() {
    int s = statusCode();
    return s == 408 || s == 429 || s >= 500;
  }
}
