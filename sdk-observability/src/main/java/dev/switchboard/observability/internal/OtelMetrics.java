package dev.switchboard.observability.internal;

import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.common.AttributesBuilder;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongHistogram;
import io.opentelemetry.api.metrics.Meter;

/** The measurements as OpenTelemetry instruments, created once per telemetry. */
public final class OtelMetrics implements Metrics {
  private final DoubleHistogram duration;
  private final LongHistogram tokens;
  private final DoubleHistogram ttft;
  private final LongCounter cost;
  private final LongCounter retries;
  private final LongCounter failovers;
  private final LongCounter blocks;
  private final LongCounter circuit;
  private final LongCounter quotaMode;

  /**
   * @param meter the meter to create the instruments with
   * @param budgets read by the budget gauge at each collection
   */
  public OtelMetrics(Meter meter, BudgetBoard budgets) {
    duration =
        meter
            .histogramBuilder(Names.OPERATION_DURATION)
            .setDescription("GenAI operation duration")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Names.DURATION_BUCKETS)
            .build();
    tokens =
        meter
            .histogramBuilder(Names.TOKEN_USAGE)
            .ofLongs()
            .setDescription("Measures number of input and output tokens used")
            .setUnit("{token}")
            .setExplicitBucketBoundariesAdvice(Names.TOKEN_BUCKETS)
            .build();
    ttft =
        meter
            .histogramBuilder(Names.TIME_TO_FIRST_TOKEN)
            .setDescription("Time from the call's start to the first event of a stream")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(Names.DURATION_BUCKETS)
            .build();
    cost =
        meter
            .counterBuilder(Names.COST)
            .setDescription("Cost of served calls in millionths of the currency unit")
            .setUnit("{currency_micro}")
            .build();
    retries =
        meter
            .counterBuilder(Names.RETRIES)
            .setDescription("Attempts retried at the same target")
            .setUnit("{retry}")
            .build();
    failovers =
        meter
            .counterBuilder(Names.FAILOVERS)
            .setDescription("Moves to another target after a failure")
            .setUnit("{failover}")
            .build();
    blocks =
        meter
            .counterBuilder(Names.POLICY_BLOCKS)
            .setDescription("Calls refused by the compliance policy")
            .setUnit("{call}")
            .build();
    circuit =
        meter
            .counterBuilder(Names.CIRCUIT_CHANGES)
            .setDescription("Circuit breaker state transitions")
            .setUnit("{transition}")
            .build();
    quotaMode =
        meter
            .counterBuilder(Names.QUOTA_MODE_CHANGES)
            .setDescription(
                "Changes of where a cluster rate limit is counted (shared database or instance"
                    + " share)")
            .setUnit("{transition}")
            .build();
    meter
        .gaugeBuilder(Names.BUDGET_REMAINING)
        .setDescription("What is left of each budget in its period, in its currency")
        .setUnit("{currency_unit}")
        .buildWithCallback(
            m ->
                budgets
                    .entries()
                    .values()
                    .forEach(
                        e ->
                            m.record(
                                e.remaining(),
                                Attributes.builder()
                                    .put(Names.BUDGET_NAME, e.budget())
                                    .put(Names.COST_CURRENCY, e.currency())
                                    .build())));
  }

  /**
   * Some per-call instrument is on (false for a meter the SDK switched off, or whose instruments
   * views all drop).
   */
  @Override
  public boolean enabled() {
    return duration.isEnabled()
        || tokens.isEnabled()
        || ttft.isEnabled()
        || cost.isEnabled()
        || retries.isEnabled()
        || failovers.isEnabled()
        || blocks.isEnabled();
  }

  static Attributes attributes(Labels labels) {
    AttributesBuilder b = Attributes.builder();
    labels.asMap().forEach(b::put);
    return b.build();
  }

  @Override
  public void operationDuration(double seconds, Labels labels) {
    duration.record(seconds, attributes(labels));
  }

  @Override
  public void tokenUsage(long n, Labels labels) {
    tokens.record(n, attributes(labels));
  }

  @Override
  public void timeToFirstToken(double seconds, Labels labels) {
    ttft.record(seconds, attributes(labels));
  }

  @Override
  public void cost(long micros, Labels labels) {
    cost.add(micros, attributes(labels));
  }

  @Override
  public void retry(Labels labels) {
    retries.add(1, attributes(labels));
  }

  @Override
  public void failover(Labels labels) {
    failovers.add(1, attributes(labels));
  }

  @Override
  public void policyBlock(Labels labels) {
    blocks.add(1, attributes(labels));
  }

  @Override
  public void circuitChange(Labels labels) {
    circuit.add(1, attributes(labels));
  }

  @Override
  public void quotaModeChange(Labels labels) {
    quotaMode.add(1, attributes(labels));
  }
}
