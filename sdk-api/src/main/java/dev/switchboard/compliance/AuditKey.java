package dev.switchboard.compliance;

import dev.switchboard.auth.Secret;
import dev.switchboard.spi.Checks;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The hospital's key for keyed hashes (HMAC-SHA256) in audit records: patient and encounter
 * references, prompts and answers. Keep it in a vault; rotating it gives a new key id, so old
 * records stay verifiable with the old key. Immutable and thread-safe; never printed.
 *
 * <pre>{@code
 * AuditKey key = AuditKey.of("k2025", Secret.of(System.getenv("SWITCHBOARD_AUDIT_KEY")));
 * ComplianceTags tags = ComplianceTags.builder()
 *     .dataClass(DataClass.PHI).purposeOfUse(PurposeOfUse.TREAT)
 *     .patientRef(key.hash("MRN-0012345"))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class AuditKey {
  /** Keys shorter than this many bytes are refused: HMAC-SHA256 wants at least 256 bits. */
  public static final int MIN_KEY_BYTES = 32;

  private final String id;
  private final SecretKeySpec key;

  /**
   * Mac instances are not thread-safe and costly to look up; one per thread, reset after each use.
   */
  private final ThreadLocal<Mac> macs = ThreadLocal.withInitial(this::newMac);

  private AuditKey(String id, byte[] key) {
    this.id = Checks.notBlank(id, "AuditKey.id");
    Checks.check(
        id.matches("[A-Za-z0-9_.-]{1,32}"), "AuditKey.id", "must match [A-Za-z0-9_.-]{1,32}");
    Checks.check(
        key != null && key.length >= MIN_KEY_BYTES,
        "AuditKey.key",
        "must be at least " + MIN_KEY_BYTES + " bytes");
    this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
  }

  /**
   * A key from raw bytes (copied).
   *
   * @throws IllegalArgumentException if the key is shorter than {@link #MIN_KEY_BYTES}
   */
  public static AuditKey of(String id, byte[] key) {
    return new AuditKey(id, key);
  }

  /**
   * A key from a secret string (its UTF-8 bytes), such as a 44-character base64 value from a vault.
   *
   * @throws IllegalArgumentException if the secret is shorter than {@link #MIN_KEY_BYTES} bytes
   */
  public static AuditKey of(String id, Secret secret) {
    Checks.notNull(secret, "AuditKey.secret");
    return new AuditKey(id, secret.reveal().getBytes(StandardCharsets.UTF_8));
  }

  /** The key id stored next to every hash it makes. */
  public String id() {
    return id;
  }

  /** The keyed hash of a text value (UTF-8). */
  public KeyedHash hash(String value) {
    Checks.notNull(value, "value");
    return new KeyedHash(id, hex(value.getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * The HMAC-SHA256 of {@code length} bytes of {@code data} from {@code offset}, as 64 lowercase
   * hex digits: {@link #hex(byte[])} of that range, for a caller that encodes into a reused buffer
   * rather than an array per value (the audit records hash a prompt and an answer per call).
   *
   * @throws IndexOutOfBoundsException if the range is not within {@code data}
   * @since 0.2
   */
  public String hex(byte[] data, int offset, int length) {
    java.util.Objects.checkFromIndexSize(offset, length, data.length);
    Mac mac = macs.get();
    mac.update(data, offset, length);
    return HexFormat.of().formatHex(mac.doFinal()); // doFinal resets the Mac for the next use
  }

  /** The HMAC-SHA256 of bytes, as 64 lowercase hex digits. */
  public String hex(byte[] data) {
    return HexFormat.of()
        .formatHex(macs.get().doFinal(data)); // doFinal resets the Mac for the next use
  }

  private Mac newMac() {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(key);
      return mac;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JVM", e);
    }
  }

  /** True if {@code hash} was made by this key from {@code value} (constant-time compare). */
  public boolean matches(KeyedHash hash, String value) {
    return hash.keyId().equals(id)
        && MessageDigest.isEqual(
            hash(value).hex().getBytes(StandardCharsets.US_ASCII),
            hash.hex().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public String toString() {
    return "AuditKey[" + id + "]";
  }
}
