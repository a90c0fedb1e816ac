package dev.switchboard.cost.internal;

import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Call;
import dev.switchboard.usage.Cost;
import java.math.BigDecimal;
import java.util.Optional;

/**
 * What one call has cost so far, summed over its billed attempts, and its budget reservation.
 * Shared by the BUDGET stage (once per call) and the METERING stage (once per attempt) through the
 * call's attributes. Thread-safe.
 */
final class CallCost {
  private static final AttributeKey<CallCost> KEY =
      AttributeKey.of("switchboard.cost.callCost", CallCost.class);

  private final String currency;
  private BigDecimal billed = BigDecimal.ZERO;
  private boolean estimated;
  private boolean unpriced;
  private BudgetHold hold;

  private CallCost(String currency) {
    this.currency = currency;
  }

  /** The call's accumulator, created on first use. */
  static CallCost of(Call call, String currency) {
    return call.attributes().computeIfAbsent(KEY, () -> new CallCost(currency));
  }

  /** Adds one billed attempt and returns the call's total so far. */
  synchronized Cost add(Cost attempt) {
    billed = billed.add(attempt.amount());
    estimated |= attempt.estimated();
    unpriced |= attempt.unpriced();
    return total();
  }

  synchronized Cost total() {
    return new Cost(billed, currency, estimated, unpriced);
  }

  synchronized BigDecimal billed() {
    return billed;
  }

  synchronized void hold(BudgetHold hold) {
    this.hold = hold;
  }

  synchronized Optional<BudgetHold> hold() {
    return Optional.ofNullable(hold);
  }
}
