package dev.switchboard.compliance;

/**
 * HL7 confidentiality codes, from the least to the most restricted. A label set has exactly one;
 * combined content takes the highest level.
 *
 * @since 0.1
 */
public enum Confidentiality {
  /** Unrestricted. */
  U,
  /** Low. */
  L,
  /** Moderate. */
  M,
  /** Normal: the default for protected health information. */
  N,
  /** Restricted: sensitive information such as HIV, substance use or mental health. */
  R,
  /** Very restricted: VIP, employee or psychotherapy-note level. */
  V;

  /** True if this level is the same as or higher than {@code other}. */
  public boolean atLeast(Confidentiality other) {
    return compareTo(other) >= 0;
  }

  /** The higher of two levels. */
  public static Confidentiality max(Confidentiality a, Confidentiality b) {
    return a.compareTo(b) >= 0 ? a : b;
  }
}
