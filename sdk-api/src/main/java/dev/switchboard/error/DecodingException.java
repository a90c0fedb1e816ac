package dev.switchboard.error;

/**
 * The provider's answer could not be understood (malformed JSON, a broken stream frame). Not
 * retryable: the same request would most likely get the same answer.
 *
 * @since 0.1
 */
public class DecodingException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public DecodingException(String description, ErrorContext context, Throwable cause) {
    super(description, context, cause);
  }

  public DecodingException(String description, ErrorContext context) {
    this(description, context, null);
  }
}
