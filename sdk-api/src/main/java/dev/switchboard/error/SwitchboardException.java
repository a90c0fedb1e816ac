package dev.switchboard.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The root of every exception the SDK throws for a failed call. Unchecked.
 *
 * <p>The message says what failed and where (provider, model, status, request id) and never
 * contains prompt or answer text, keys or tokens.
 *
 * @since 0.1
 */
public class SwitchboardException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient ErrorContext context;

  /**
   * @param description what went wrong, without request content
   * @param context where it went wrong
   * @param cause the underlying failure, or null
   */
  public SwitchboardException(String description, ErrorContext context, @Nullable Throwable cause) {
    super(compose(description, context), cause);
    this.context = context == null ? ErrorContext.NONE : context;
  }

  public SwitchboardException(String description, ErrorContext context) {
    this(description, context, null);
  }

  private static String compose(String description, ErrorContext context) {
    String where = context == null ? "" : context.describe();
    return where.isEmpty() ? description : description + " (" + where + ")";
  }

  /** Where the failure happened. */
  public ErrorContext context() {
    return context;
  }

  /** The configured id of the provider that failed, if the failure reached one. */
  public Optional<String> provider() {
    return Optional.ofNullable(context.provider());
  }

  /** The model or deployment, if known. */
  public Optional<String> model() {
    return Optional.ofNullable(context.model());
  }

  /** The provider's request id, for support cases. */
  public Optional<String> requestId() {
    return Optional.ofNullable(context.requestId());
  }

  /** True if trying again (later, or at another target) may succeed. */
  public boolean retryable() {
    return false;
  }
}
