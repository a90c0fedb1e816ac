package dev.switchboard.compliance;

/**
 * HL7 refrain policies: what a recipient must not do with the data.
 *
 * @since 0.1
 */
public enum Refrain {
  /** Do not redisclose without consent. */
  NORDSCLCD,
  /** Do not reuse for another purpose. */
  NOREUSE,
  /** Do not persist. */
  NOPERSISTP,
  /** Do not re-link de-identified data to the person. */
  NORELINK,
  /** Do not integrate into other records. */
  NOINTEGRATE
}
