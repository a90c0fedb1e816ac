package dev.switchboard.compliance;

/**
 * Where data may be processed.
 *
 * @since 0.1
 */
public enum Residency {
  /** Within the United States. */
  US,
  /** Within the European Union. */
  EU,
  /** Only on the hospital's own premises. */
  ONPREM
}
