package dev.switchboard.pipeline;

/**
 * The fixed positions of the call pipeline, outermost first. Built-in stages that are not
 * configured are left out.
 */
public enum Stage {
  /** Detect PHI, evaluate the policy, narrow the targets, redact or pseudonymize, restore. */
  COMPLIANCE,
  /** Write the decision record before the call and the outcome after it; fail closed. */
  AUDIT,
  /** Reserve the call's maximum cost against budgets; settle afterwards. */
  BUDGET,
  /** {@link Position#PER_CALL} interceptors, in the order added. */
  USER_PER_CALL,
  /** Choose a target; retries, failover, circuit breakers, rate limits, bulkheads. */
  ROUTING,
  /** {@link Position#PER_ATTEMPT} interceptors, in the order added. */
  USER_PER_ATTEMPT,
  /** Price each attempt's usage and write it to the ledger. */
  METERING,
  /** The provider adapter itself. */
  PROVIDER
}
