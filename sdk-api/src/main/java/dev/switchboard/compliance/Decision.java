package dev.switchboard.compliance;

/**
 * What the policy decided for a call.
 *
 * @since 0.1
 */
public enum Decision {
  /** Proceed to any target of the route, unchanged. */
  ALLOW,
  /** Proceed to any target, after the obligations (redact, pseudonymize, ...) are met. */
  ALLOW_WITH,
  /** Proceed only to the eligible targets (and meet any obligations). */
  ROUTE,
  /** Refuse the call before anything is sent. */
  BLOCK
}
