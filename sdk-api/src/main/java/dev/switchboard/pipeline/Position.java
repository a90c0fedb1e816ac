package dev.switchboard.pipeline;

/** Where a user interceptor runs. */
public enum Position {
  /**
   * Once per call, after compliance, audit and budget, before routing: sees the request as it will
   * be sent (after redaction) and the final answer.
   */
  PER_CALL,
  /** Once per attempt, after routing chose a target: sees every retry and failover. */
  PER_ATTEMPT
}
