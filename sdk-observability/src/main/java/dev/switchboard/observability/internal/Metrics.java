package dev.switchboard.observability.internal;

/**
 * Where the telemetry's measurements go: OpenTelemetry instruments, Micrometer meters, or both.
 * Implementations are thread-safe and never throw.
 */
public interface Metrics {

  /**
   * Whether measurements are kept at all; false lets the caller skip building labels. Asked once
   * per call (an OpenTelemetry SDK can switch a meter off at run time).
   */
  default boolean enabled() {
    return true;
  }

  /** {@code gen_ai.client.operation.duration}. */
  void operationDuration(double seconds, Labels labels);

  /** {@code gen_ai.client.token.usage}; the labels hold {@code gen_ai.token.type}. */
  void tokenUsage(long tokens, Labels labels);

  /** Time to the first event of a stream. */
  void timeToFirstToken(double seconds, Labels labels);

  /** Cost of a served call, in millionths of the currency unit. */
  void cost(long micros, Labels labels);

  /** One retry at the same target. */
  void retry(Labels labels);

  /** One move to another target. */
  void failover(Labels labels);

  /** One call blocked by the policy. */
  void policyBlock(Labels labels);

  /** One circuit breaker transition. */
  void circuitChange(Labels labels);

  /** One change of where a cluster rate limit is counted. */
  void quotaModeChange(Labels labels);

  /** Measurements to several backends. */
  static Metrics both(Metrics a, Metrics b) {
    return new Metrics() {
      @Override
      public boolean enabled() {
        return a.enabled() || b.enabled();
      }

      @Override
      public void operationDuration(double seconds, Labels labels) {
        a.operationDuration(seconds, labels);
        b.operationDuration(seconds, labels);
      }

      @Override
      public void tokenUsage(long tokens, Labels labels) {
        a.tokenUsage(tokens, labels);
        b.tokenUsage(tokens, labels);
      }

      @Override
      public void timeToFirstToken(double seconds, Labels labels) {
        a.timeToFirstToken(seconds, labels);
        b.timeToFirstToken(seconds, labels);
      }

      @Override
      public void cost(long micros, Labels labels) {
        a.cost(micros, labels);
        b.cost(micros, labels);
      }

      @Override
      public void retry(Labels labels) {
        a.retry(labels);
        b.retry(labels);
      }

      @Override
      public void failover(Labels labels) {
        a.failover(labels);
        b.failover(labels);
      }

      @Override
      public void policyBlock(Labels labels) {
        a.policyBlock(labels);
        b.policyBlock(labels);
      }

      @Override
      public void circuitChange(Labels labels) {
        a.circuitChange(labels);
        b.circuitChange(labels);
      }

      @Override
      public void quotaModeChange(Labels labels) {
        a.quotaModeChange(labels);
        b.quotaModeChange(labels);
      }
    };
  }
}
