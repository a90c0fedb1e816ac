package dev.switchboard.observability.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The same measurements as Micrometer meters, for Spring Boot Actuator users without the
 * OpenTelemetry SDK: durations as timers, token counts as distribution summaries, both with the
 * GenAI semconv bucket boundaries published as service-level objectives (histogram buckets).
 */
public final class MicrometerMetrics implements Metrics {
  private static final Duration[] DURATION_SLOS =
      Names.DURATION_BUCKETS.stream()
          .map(s -> Duration.ofNanos(Math.round(s * 1e9)))
          .toArray(Duration[]::new);
  private static final double[] TOKEN_SLOS =
      Names.TOKEN_BUCKETS.stream().mapToDouble(Long::doubleValue).toArray();

  private final MeterRegistry registry;
  private final BudgetBoard budgets;

  /**
   * @param registry where the meters go
   * @param budgets read by the budget gauges
   */
  public MicrometerMetrics(MeterRegistry registry, BudgetBoard budgets) {
    this.registry = registry;
    this.budgets = budgets;
  }

  private static List<Tag> tags(Labels labels) {
    List<Tag> tags = new ArrayList<>(labels.asMap().size());
    labels.asMap().forEach((k, v) -> tags.add(Tag.of(k, v)));
    return tags;
  }

  private static long nanos(double seconds) {
    return Math.round(seconds * 1e9);
  }

  @Override
  public void operationDuration(double seconds, Labels labels) {
    Timer.builder(Names.OPERATION_DURATION)
        .description("GenAI operation duration")
        .tags(tags(labels))
        .serviceLevelObjectives(DURATION_SLOS)
        .register(registry)
        .record(Duration.ofNanos(nanos(seconds)));
  }

  @Override
  public void tokenUsage(long tokens, Labels labels) {
    DistributionSummary.builder(Names.TOKEN_USAGE)
        .description("Measures number of input and output tokens used")
        .baseUnit("tokens")
        .tags(tags(labels))
        .serviceLevelObjectives(TOKEN_SLOS)
        .register(registry)
        .record((double) tokens);
  }

  @Override
  public void timeToFirstToken(double seconds, Labels labels) {
    Timer.builder(Names.TIME_TO_FIRST_TOKEN)
        .description("Time from the call's start to the first event of a stream")
        .tags(tags(labels))
        .serviceLevelObjectives(DURATION_SLOS)
        .register(registry)
        .record(Duration.ofNanos(nanos(seconds)));
  }

  @Override
  public void cost(long micros, Labels labels) {
    counter(Names.COST, "Cost of served calls in millionths of the currency unit", labels)
        .increment((double) micros);
  }

  @Override
  public void retry(Labels labels) {
    counter(Names.RETRIES, "Attempts retried at the same target", labels).increment();
  }

  @Override
  public void failover(Labels labels) {
    counter(Names.FAILOVERS, "Moves to another target after a failure", labels).increment();
  }

  @Override
  public void policyBlock(Labels labels) {
    counter(Names.POLICY_BLOCKS, "Calls refused by the compliance policy", labels).increment();
  }

  @Override
  public void circuitChange(Labels labels) {
    counter(Names.CIRCUIT_CHANGES, "Circuit breaker state transitions", labels).increment();
  }

  @Override
  public void quotaModeChange(Labels labels) {
    counter(
            Names.QUOTA_MODE_CHANGES,
            "Changes of where a cluster rate limit is counted (shared database or instance share)",
            labels)
        .increment();
  }

  /** Registers the gauge of a budget seen for the first time. */
  public void budgetSeen(String budget, String currency) {
    Gauge.builder(Names.BUDGET_REMAINING, budgets, b -> b.remaining(budget))
        .description("What is left of the budget in its period, in its currency")
        .tag(Names.BUDGET_NAME.getKey(), budget)
        .tag(Names.COST_CURRENCY.getKey(), currency)
        .register(registry);
  }

  private Counter counter(String name, String description, Labels labels) {
    return Counter.builder(name).description(description).tags(tags(labels)).register(registry);
  }
}
