package dev.switchboard.foundry.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Secret;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.wire.internal.json.WireJson;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * Calls an identity endpoint (Entra, IMDS, App Service) and reads the token answer, whose numbers
 * may be JSON numbers (Entra) or strings (IMDS). Retries throttling and 5xx a few times, as IMDS
 * asks. Never puts the token, the secret or the endpoint's error text in a message.
 */
final class TokenEndpoint {
  private static final int ATTEMPTS = 3;

  /** The most bytes of a token endpoint's answer that are read. */
  static final long MAX_BODY = 64 * 1024;

  private final OkHttpClient http;
  private final ErrorContext where;
  private final Clock clock;
  private final Duration backoff;

  TokenEndpoint(OkHttpClient http, ErrorContext where, Clock clock, Duration backoff) {
    this.http = http;
    this.where = where;
    this.clock = clock;
    this.backoff = backoff;
  }

  AccessToken fetch(Request request, String what) {
    SwitchboardException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try (Response r = http.newCall(request).execute()) {
        byte[] body = bounded(r, what);
        if (r.isSuccessful()) return parse(body, what);
        last = failure(r.code(), body, what);
        if (!last.retryable()) throw last;
      } catch (IOException e) {
        last =
            new TransportException(
                what + " could not be reached (" + e.getClass().getSimpleName() + ")",
                where,
                true,
                e);
      }
      if (attempt < ATTEMPTS) sleep(backoff.multipliedBy(1L << (attempt - 1)));
    }
    throw last;
  }

  /**
   * The body, read only up to {@link #MAX_BODY}: a token answer is a few KB, and an identity
   * endpoint that sends without end must not fill the heap.
   */
  private byte[] bounded(Response r, String what) throws IOException {
    BufferedSource source = r.body().source();
    if (source.request(MAX_BODY + 1)) {
      throw new AuthenticationException(
          what + " answered with a body over " + MAX_BODY + " bytes, which is no token", where);
    }
    return source.readByteArray();
  }

  private AccessToken parse(byte[] body, String what) {
    JsonNode j = WireJson.parseOrNull(body);
    String token = j == null ? null : WireJson.text(j, "access_token");
    if (token == null || token.isBlank()) {
      throw new AuthenticationException(what + " answered without an access token", where);
    }
    Instant now = clock.instant();
    Instant expires;
    long expiresOn = longOf(j.get("expires_on"));
    long expiresIn = longOf(j.get("expires_in"));
    if (expiresOn > 0) expires = Instant.ofEpochSecond(expiresOn);
    else if (expiresIn > 0) expires = now.plusSeconds(expiresIn);
    else
      expires = now.plus(Duration.ofMinutes(10)); // no lifetime given: assume short, refresh early
    return new AccessToken(Secret.of(token), expires);
  }

  private SwitchboardException failure(int status, byte[] body, String what) {
    JsonNode j = WireJson.parseOrNull(body);
    String code = j == null ? null : WireJson.text(j, "error");
    if (code != null && !code.matches("[A-Za-z0-9_.-]{1,64}")) code = null;
    ErrorContext ctx = where.withStatus(status).withErrorCode(code);
    if (status == 429)
      return new RateLimitedException(what + " throttled the token request", ctx, null);
    if (status >= 500 || status == 404) {
      // IMDS answers 404/5xx while an identity is still being assigned
      return new ServiceUnavailableException(
          what + " could not issue a token yet", ctx.withStatus(status), null, null);
    }
    return new AuthenticationException(what + " refused to issue a token", ctx);
  }

  private static long longOf(JsonNode n) {
    if (n == null || n.isNull()) return 0;
    if (n.isNumber()) return n.asLong();
    try {
      return Long.parseLong(n.asText().trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException(
          "interrupted while waiting to retry a token request", ErrorContext.NONE, false, e);
    }
  }
}
