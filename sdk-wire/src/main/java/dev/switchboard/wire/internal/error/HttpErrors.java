package dev.switchboard.wire.internal.error;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.SafetyResult;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.wire.internal.http.ResponseHeaders;
import dev.switchboard.wire.internal.openai.ContentFilters;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * Maps an HTTP error (status, headers, body) to the SDK's exception tree: 400 content filter to
 * {@link ContentFilteredException} with categories; 401/403 to {@link AuthenticationException};
 * 400/404/413/422 to {@link InvalidRequestException} (404 {@code DeploymentNotFound} names the
 * deployment); 429 to {@link RateLimitedException}; 408 to a retryable {@link ServiceException};
 * 5xx, Anthropic's 529 and other statuses whose error type names a server failure (TGI's 424 {@code
 * generation}) to {@link ServiceUnavailableException}; all with the server's retry delay.
 *
 * <p>Messages carry status, code and request id (through {@link ErrorContext}), never the vendor's
 * message text, which can echo the prompt; the one exception is a 501's reason (cut to 200
 * characters), which says how the server was started, not what was asked. The vendor's text is
 * read, never shown, for two decisions: a 5xx naming a parse error of the request is a
 * non-retryable {@link InvalidRequestException}, and a 400 saying a model was not found gets the
 * code {@link #MODEL_NOT_FOUND_CODE}.
 */
public final class HttpErrors {
  /** Error types that mid-stream error events carry instead of a status. */
  private static final Map<String, Integer> STATUS_OF_TYPE =
      Map.ofEntries(
          Map.entry("overloaded_error", 529),
          Map.entry("rate_limit_error", 429),
          Map.entry("api_error", 500),
          Map.entry("timeout_error", 504),
          Map.entry("invalid_request_error", 400),
          Map.entry("authentication_error", 401),
          Map.entry("permission_error", 403),
          Map.entry("not_found_error", 404),
          Map.entry("request_too_large", 413),
          Map.entry("overloaded", 429),
          Map.entry("validation", 422),
          Map.entry("generation", 500),
          Map.entry("incomplete_generation", 500),
          Map.entry("server_error", 500),
          Map.entry("unavailable_error", 503),
          Map.entry("BadRequestError", 400),
          Map.entry("NotFoundError", 404),
          Map.entry("InternalServerError", 500));

  /**
   * The code given to a 400 that says the model is unknown (llama.cpp's router: "model ... not
   * found"), so that adapters explain it as they explain a 404.
   */
  public static final String MODEL_NOT_FOUND_CODE = "model_not_found";

  private static final Pattern MODEL_NOT_FOUND =
      Pattern.compile("\\bmodel\\b.{0,200}\\bnot found\\b", Pattern.CASE_INSENSITIVE);

  /**
   * A 5xx that names a parse error of the request (llama.cpp answers 500 {@code
   * [json.exception.parse_error...]} for a history whose tool-call arguments are not JSON): the
   * same request fails the same way, so it is not retried.
   */
  private static final Pattern PARSE_ERROR =
      Pattern.compile("parse[_ ]error|json\\.exception", Pattern.CASE_INSENSITIVE);

  /** A 5xx that says what was asked is not supported (llama.cpp: an image to a text model). */
  private static final Pattern NOT_SUPPORTED =
      Pattern.compile("\\bnot supported\\b", Pattern.CASE_INSENSITIVE);

  /** The longest server reason a 501 keeps. */
  private static final int MAX_REASON = 200;

  private HttpErrors() {}

  /** The exception for an error response. */
  public static SwitchboardException map(
      int status,
      Headers headers,
      String contentType,
      byte[] body,
      ErrorContext where,
      Clock clock) {
    ErrorBody e = ErrorBody.parse(body);
    String requestId = ResponseHeaders.requestId(headers);
    if (requestId == null) requestId = e.bodyRequestId();
    String code = e.code() != null ? e.code() : ErrorBody.safe(headers.get("x-ms-error-code"));
    if (status == 400 && mentions(e, MODEL_NOT_FOUND)) code = MODEL_NOT_FOUND_CODE;
    ErrorContext ctx = where.withStatus(status).withRequestId(requestId).withErrorCode(code);
    Duration retryAfter = RetryAfter.parse(headers, e.vendorMessage(), clock);
    if (status >= 300 && status < 400) return redirect(status, headers, ctx);
    String nonJson =
        e.json() ? "" : " (the error body was not JSON: " + describe(contentType, body) + ")";
    return classify(status, e, ctx, retryAfter, nonJson);
  }

  /**
   * A redirect, which is never followed (it would carry the credential elsewhere): says where it
   * pointed, by host only (a path or query can carry a session or a patient id). Not retryable.
   */
  private static SwitchboardException redirect(int status, Headers headers, ErrorContext ctx) {
    String location = headers.get("Location");
    String to;
    if (location == null || location.isBlank()) {
      to = "without a Location";
    } else {
      HttpUrl url = HttpUrl.parse(location.strip());
      to =
          url != null
              ? "to " + url.scheme() + "://" + url.host()
              : "to a relative location on the same host";
    }
    return new ServiceException(
        "the endpoint answered with a redirect ("
            + status
            + ") "
            + to
            + ", which is not followed: check the configured URL (https, path, a proxy's login"
            + " page)",
        ctx);
  }

  /** The exception for an error event inside a stream that began with HTTP 200. */
  public static SwitchboardException fromStreamEvent(JsonNode event, ErrorContext where) {
    ErrorBody e = ErrorBody.of(event);
    int status = e.numericStatus();
    if (status == 0 && e.type() != null) status = STATUS_OF_TYPE.getOrDefault(e.type(), 0);
    if (status == 0 && e.code() != null) status = STATUS_OF_TYPE.getOrDefault(e.code(), 0);
    ErrorContext ctx = where.withErrorCode(e.code());
    if (status == 0) {
      return new ServiceException(
          "the stream reported an error",
          ctx.withRequestId(where.requestId() != null ? where.requestId() : e.bodyRequestId()));
    }
    return classify(status, e, ctx.withStatus(status), null, "");
  }

  private static SwitchboardException classify(
      int status, ErrorBody e, ErrorContext ctx, Duration retryAfter, String nonJson) {
    if (status == 400 && e.isContentFilter()) {
      return new ContentFilteredException(
          "the prompt was blocked by the provider's content filter" + nonJson,
          ctx,
          categories(e.contentFilter()));
    }
    if (status == 401 || status == 403) {
      String what =
          status == 401
              ? "authentication failed: the key or token was refused"
              : "permission denied: the identity lacks access to this resource";
      return new AuthenticationException(what + nonJson, ctx);
    }
    if (status == 404) {
      String what =
          "DeploymentNotFound".equals(e.code())
              ? "deployment '"
                  + ctx.model()
                  + "' was not found (wrong name, or created in the last minutes)"
              : "the model, deployment or route was not found";
      return new InvalidRequestException(what + nonJson, ctx);
    }
    if (status == 429) {
      return new RateLimitedException("rate limited by the provider" + nonJson, ctx, retryAfter);
    }
    if (status == 408) {
      return new ServiceException(
          "the provider timed out waiting for the request" + nonJson, ctx, retryAfter, null);
    }
    if (status == 501 || (status >= 500 && mentions(e, NOT_SUPPORTED))) {
      // "not implemented": a capability the server lacks (llama.cpp without --embeddings); its
      // reason is the operator's text (how the server was started), kept because it says the fix
      return new UnsupportedCapabilityException(
          "the provider does not support this (" + status + ")" + reason(e) + nonJson, ctx);
    }
    if (status >= 500 && mentions(e, PARSE_ERROR)) {
      return new InvalidRequestException(
          "the provider could not parse the request (" + status + ", a parse error: not retried)",
          ctx);
    }
    if (status >= 500) {
      String what =
          status == 529 ? "the provider is overloaded" : "the provider failed or is unavailable";
      return new ServiceUnavailableException(what + nonJson, ctx, retryAfter, null);
    }
    if (status == 400 || status == 413 || status == 422) {
      return new InvalidRequestException("the provider rejected the request" + nonJson, ctx);
    }
    if (e.type() != null && STATUS_OF_TYPE.getOrDefault(e.type(), 0) >= 500) {
      // TGI's 424 Failed Dependency {error_type: generation}: the model failed while generating
      return new ServiceUnavailableException(
          "the provider's model failed while generating" + nonJson, ctx, retryAfter, null);
    }
    return new ServiceException(
        "the provider answered with an error" + nonJson, ctx, retryAfter, null);
  }

  private static boolean mentions(ErrorBody e, Pattern p) {
    return e.vendorMessage() != null && p.matcher(e.vendorMessage()).find();
  }

  /** The server's reason, cut and with control characters dropped; empty if none. */
  private static String reason(ErrorBody e) {
    String m = e.vendorMessage();
    if (m == null || m.isBlank()) return "";
    String clean = m.replaceAll("\\p{Cntrl}", " ").strip();
    if (clean.length() > MAX_REASON) clean = clean.substring(0, MAX_REASON) + "...";
    return ": " + clean;
  }

  private static Set<String> categories(JsonNode filter) {
    Set<String> names = new LinkedHashSet<>();
    if (filter == null) return names;
    for (SafetyResult.Category c : ContentFilters.categories(filter, SafetyResult.Target.PROMPT)) {
      if (c.filtered() || c.detected()) names.add(c.name());
    }
    return names;
  }

  private static String describe(String contentType, byte[] body) {
    String type = contentType == null ? "no content type" : contentType;
    return body.length == 0 ? "empty, " + type : body.length + " bytes of " + type;
  }
}
