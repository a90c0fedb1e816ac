package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;

/**
 * An HMAC-SHA256 of a value under the audit key: links audit records to a patient, an encounter or
 * a prompt without holding the value. Only someone holding the key can test a guess.
 *
 * @param keyId the id of the {@link AuditKey} that made it
 * @param hex the 64 lowercase hex digits of the HMAC
 * @since 0.1
 */
public record KeyedHash(String keyId, String hex) {
  public KeyedHash {
    Checks.notBlank(keyId, "KeyedHash.keyId");
    Checks.check(isLowerHex64(hex), "KeyedHash.hex", "must be 64 lowercase hex digits");
  }

  /** A loop, not a regex: one keyed hash is made per prompt, answer and patient id of a call. */
  private static boolean isLowerHex64(String s) {
    if (s == null || s.length() != 64) return false;
    for (int i = 0; i < 64; i++) {
      char c = s.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
    }
    return true;
  }

  /** {@code keyId:hex}, the form stored in audit records. */
  public String value() {
    return keyId + ":" + hex;
  }

  /** Prints the key id and a prefix of the hash only. */
  @Override
  public String toString() {
    return "KeyedHash[" + keyId + ":" + hex.substring(0, 8) + "...]";
  }
}
