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
    Checks.check(
        hex != null && hex.matches("[0-9a-f]{64}"),
        "KeyedHash.hex",
        "must be 64 lowercase hex digits");
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
