package dev.switchboard.compliance;

/**
 * HL7 security obligations: what must be done to data before or when it is used.
 *
 * @since 0.1
 */
public enum Obligation {
  /** Audit trail. */
  AUDTR,
  /**
   * De-identify: identifiers are generalized (dates to years, ZIP to ZIP3, ages to 90+) or removed.
   */
  DEID,
  /** Pseudonymize: identifiers become random tokens, restored in the answer. */
  PSEUD,
  /** Redact: identifiers are removed and replaced by their type. */
  REDACT,
  /** Mask: identifiers are replaced by their type. */
  MASK,
  /** Minimum necessary: identifiers not needed for the purpose are removed or pseudonymized. */
  MINEC,
  /** Encrypt. */
  ENCRYPT,
  /** Delete after use. */
  DELAU,
  /** Human approval required. */
  HUAPRV
}
