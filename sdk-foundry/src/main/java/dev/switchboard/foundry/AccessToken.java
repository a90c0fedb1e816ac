package dev.switchboard.foundry;

import dev.switchboard.auth.Secret;
import java.time.Instant;
import java.util.Objects;

/**
 * A bearer token and when it expires. Immutable; {@link #toString()} never shows the token.
 *
 * @param token the token
 * @param expiresAt when the token stops being accepted
 * @since 0.1
 */
public record AccessToken(Secret token, Instant expiresAt) {
  public AccessToken {
    Objects.requireNonNull(token, "AccessToken.token");
    Objects.requireNonNull(expiresAt, "AccessToken.expiresAt");
  }

  @Override
  public String toString() {
    return "AccessToken[****, expiresAt=" + expiresAt + "]";
  }
}
