package dev.switchboard.cost.internal;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.Price;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.StreamObserver;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.TokenEstimator;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches one chat attempt's events and bills it once when it ends: on completion from the usage
 * the answer carries; on a failure after answering began, or on an early close, from the last usage
 * the stream reported, else from the text seen so far (estimated). Single-threaded, like the source
 * it watches.
 */
final class AttemptMeter implements StreamObserver {
  private static final Logger log = LoggerFactory.getLogger(AttemptMeter.class);

  private final CostEngine engine;
  private final Call attempt;
  private final Target target;
  private final Optional<Price> price;
  private final CallCost callCost;
  private final long startedNanos;
  private boolean answering;
  private long outputChars;
  private Usage lastUsage;

  AttemptMeter(
      CostEngine engine,
      Call attempt,
      Target target,
      Optional<Price> price,
      CallCost callCost,
      long startedNanos) {
    this.engine = engine;
    this.attempt = attempt;
    this.target = target;
    this.price = price;
    this.callCost = callCost;
    this.startedNanos = startedNanos;
  }

  @Override
  public void onEvent(ChatEvent event) {
    answering = true;
    if (event instanceof ChatEvent.TextDelta d) {
      outputChars += d.text().length();
    } else if (event instanceof ChatEvent.ToolCallDelta d) {
      outputChars += d.argumentsFragment().length() + (d.name() == null ? 0 : d.name().length());
    } else if (event instanceof ChatEvent.UsageUpdate u) {
      lastUsage = u.usage();
    }
  }

  @Override
  public void onCompleted(ChatResponse response) {
    Usage usage = response.usage();
    boolean estimated = usage.isEmpty();
    if (estimated) {
      usage =
          Usage.of(
              TokenEstimator.typicalInput(attempt.chatRequest()),
              TokenEstimator.typicalOutput(response));
    }
    bill(usage, estimated, AttemptOutcome.COMPLETED, response.serverTime());
  }

  @Override
  public void onFailed(RuntimeException failure) {
    // A provider that failed before answering has not billed; one that failed mid-answer has.
    if (answering) billPartial(AttemptOutcome.FAILED);
  }

  @Override
  public void onClosedEarly() {
    // The request reached the provider, which bills the input it read and what it generated.
    billPartial(AttemptOutcome.CLOSED_EARLY);
  }

  private void billPartial(AttemptOutcome outcome) {
    if (lastUsage != null && !lastUsage.isEmpty()) {
      bill(lastUsage, false, outcome, Optional.empty());
    } else {
      bill(
          Usage.of(
              TokenEstimator.typicalInput(attempt.chatRequest()),
              TokenEstimator.typicalText(outputChars)),
          true,
          outcome,
          Optional.empty());
    }
  }

  private void bill(
      Usage usage, boolean estimated, AttemptOutcome outcome, Optional<Duration> serverTime) {
    Duration took = Duration.ofNanos(System.nanoTime() - startedNanos);
    BigDecimal amount =
        price.isPresent()
            ? Pricer.chat(usage, price.get(), Pricer.gpuTime(serverTime, took))
            : BigDecimal.ZERO;
    Cost cost = new Cost(amount, engine.currency(), estimated, price.isEmpty());
    callCost.add(cost);
    if (log.isDebugEnabled()) {
      log.debug(
          "call {} attempt {} at {} billed {} ({}, {})",
          attempt.id(),
          attempt.attempt(),
          target.label(),
          cost,
          usage,
          outcome);
    }
    if (engine.hasLedger())
      engine.record(record(engine, attempt, target, price, usage, cost, took, outcome));
  }

  static CostRecord record(
      CostEngine engine,
      Call attempt,
      Target target,
      Optional<Price> price,
      Usage usage,
      Cost cost,
      Duration took,
      AttemptOutcome outcome) {
    return CostRecord.builder()
        .time(engine.now())
        .callId(attempt.id())
        .attempt(attempt.attempt())
        .operation(attempt.operation())
        .logicalModel(attempt.logicalModel())
        .provider(target.provider())
        .model(target.model())
        .usage(usage)
        .cost(cost)
        .duration(took)
        .outcome(outcome)
        .tags(attempt.request().tags())
        .priceSource(price.map(Price::label).orElse(null))
        .build();
  }
}
