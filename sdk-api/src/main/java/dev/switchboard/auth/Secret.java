package dev.switchboard.auth;

import dev.switchboard.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * A credential value (API key, client secret, token) that never appears in {@code toString()}, logs
 * or error messages. Read it only where it goes on the wire, with {@link #reveal()}.
 *
 * @since 0.1
 */
public final class Secret {
  private final String value;

  private Secret(String value) {
    this.value = Checks.notBlank(value, "Secret.value");
  }

  /** Wraps a secret value. */
  public static Secret of(String value) {
    return new Secret(value);
  }

  /** The secret itself. Call only where it is put on the wire. */
  public String reveal() {
    return value;
  }

  /** Constant-time comparison. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Secret s
        && MessageDigest.isEqual(
            s.value.getBytes(StandardCharsets.UTF_8), value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public int hashCode() {
    return 0; // equal secrets must hash alike; a constant avoids leaking anything through the hash
  }

  @Override
  public String toString() {
    return "Secret[****]";
  }
}
