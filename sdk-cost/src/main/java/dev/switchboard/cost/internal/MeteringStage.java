package dev.switchboard.cost.internal;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.Price;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.TokenEstimator;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * The METERING stage, once per attempt, just before the provider. Before sending: refuses a target
 * without a price (policy block) and, for a retry, raises the call's budget reservation to cover
 * what was billed plus this attempt's maximum. After: prices the attempt's usage (estimating it
 * from the text when the provider reported none), writes one ledger record per billed attempt, and
 * puts the call's cost so far on the answer. Streams and single answers share one path: both arrive
 * as event sources.
 *
 * <p>An attempt that failed before any response (the provider threw, or the stream broke before its
 * first event) is not billed. One that failed or was closed after answering began is billed for
 * what was seen.
 */
final class MeteringStage implements CallInterceptor {
  private final CostEngine engine;

  MeteringStage(CostEngine engine) {
    this.engine = engine;
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call attempt = chain.call();
    Target target = targetOf(attempt);
    Optional<Price> price = engine.priceOrRefuse(target, engine.now());
    CallCost callCost = engine.callCost(attempt);
    coverRetry(attempt, price, callCost);
    long started = System.nanoTime();
    ChatEventSource source = chain.proceed(attempt);
    AttemptMeter meter = new AttemptMeter(engine, attempt, target, price, callCost, started);
    return EventSources.mapResponse(
        EventSources.observe(source, meter), r -> r.toBuilder().cost(callCost.total()).build());
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call attempt = chain.call();
    Target target = targetOf(attempt);
    Optional<Price> price = engine.priceOrRefuse(target, engine.now());
    CallCost callCost = engine.callCost(attempt);
    coverRetry(attempt, price, callCost);
    long started = System.nanoTime();
    EmbeddingResponse response = chain.proceed(attempt);
    Duration took = Duration.ofNanos(System.nanoTime() - started);
    Usage usage = response.usage();
    boolean estimated = usage.inputTokens() == 0;
    if (estimated) usage = Usage.of(TokenEstimator.typicalEmbedding(attempt.embeddingRequest()), 0);
    BigDecimal amount =
        price.isPresent()
            ? Pricer.embedding(usage, price.get(), Pricer.gpuTime(response.serverTime(), took))
            : BigDecimal.ZERO;
    Cost cost = new Cost(amount, engine.currency(), estimated, price.isEmpty());
    Cost total = callCost.add(cost);
    engine.record(
        AttemptMeter.record(
            engine, attempt, target, price, usage, cost, took, AttemptOutcome.COMPLETED));
    return response.toBuilder().cost(total).build();
  }

  /**
   * Before a retry or failover, the reservation must cover what was billed plus this attempt's
   * maximum.
   */
  private void coverRetry(Call attempt, Optional<Price> price, CallCost callCost) {
    Optional<BudgetHold> hold = callCost.hold();
    if (hold.isEmpty() || price.isEmpty()) return;
    BigDecimal max = Pricer.maxAttempt(attempt, price.get(), engine.defaultMaxOutputTokens());
    hold.get().ensure(callCost.billed().add(max));
  }

  private static Target targetOf(Call attempt) {
    return attempt
        .target()
        .orElseThrow(
            () -> new IllegalStateException("metering needs a routed attempt: " + attempt));
  }
}
