package dev.switchboard.error;

import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Where a failure happened: provider, model, HTTP status, the provider's error code and request id.
 * Every field is optional. Holds no request content.
 *
 * @param provider the configured provider id, or null
 * @param model the model or deployment, or null
 * @param requestId the provider's request id, or null
 * @param statusCode the HTTP status, or 0 when there was no response
 * @param errorCode the provider's error code (for example {@code content_filter}), or null
 * @since 0.1
 */
public record ErrorContext(
    @Nullable String provider,
    @Nullable String model,
    @Nullable String requestId,
    int statusCode,
    @Nullable String errorCode) {
  /** No context. */
  public static final ErrorContext NONE = new ErrorContext(null, null, null, 0, null);

  /** Context naming a provider and model. */
  public static ErrorContext of(String provider, String model) {
    return new ErrorContext(provider, model, null, 0, null);
  }

  public ErrorContext withRequestId(String requestId) {
    return new ErrorContext(provider, model, requestId, statusCode, errorCode);
  }

  public ErrorContext withStatus(int statusCode) {
    return new ErrorContext(provider, model, requestId, statusCode, errorCode);
  }

  public ErrorContext withErrorCode(String errorCode) {
    return new ErrorContext(provider, model, requestId, statusCode, errorCode);
  }

  public Optional<String> providerIfKnown() {
    return Optional.ofNullable(provider);
  }

  /**
   * The context as message text, for example {@code provider=foundry-us, model=gpt-4.1,
   * status=429}.
   */
  String describe() {
    StringBuilder sb = new StringBuilder();
    append(sb, "provider", provider);
    append(sb, "model", model);
    if (statusCode > 0) append(sb, "status", Integer.toString(statusCode));
    append(sb, "code", errorCode);
    append(sb, "requestId", requestId);
    return sb.toString();
  }

  private static void append(StringBuilder sb, String key, String value) {
    if (value == null || value.isEmpty()) return;
    if (sb.length() > 0) sb.append(", ");
    sb.append(key).append('=').append(value);
  }
}
