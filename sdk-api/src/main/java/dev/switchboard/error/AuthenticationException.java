package dev.switchboard.error;

/**
 * The provider refused our credentials (401) or our permissions (403). Not retryable: fix the key,
 * token, role assignment or network rule.
 *
 * @since 0.1
 */
public class AuthenticationException extends ServiceException {
  private static final long serialVersionUID = 1L;

  public AuthenticationException(String description, ErrorContext context, Throwable cause) {
    super(description, context, null, cause);
  }

  public AuthenticationException(String description, ErrorContext context) {
    this(description, context, null);
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
