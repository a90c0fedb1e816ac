package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.time.Instant;

/**
 * An amount to reserve against, or to settle on, one budget, in the period containing {@code at}.
 *
 * @param budget the budget
 * @param at the moment that decides the period (the call's start)
 * @param amount the amount, in the budget's currency
 * @since 0.1
 */
public record BudgetClaim(Budget budget, Instant at, BigDecimal amount) {
  public BudgetClaim {
    Checks.notNull(budget, "BudgetClaim.budget");
    Checks.notNull(at, "BudgetClaim.at");
    Checks.notNull(amount, "BudgetClaim.amount");
    Checks.check(amount.signum() >= 0, "BudgetClaim.amount", "must not be negative");
  }

  /** The period this claim falls in. */
  public String periodKey() {
    return budget.periodKey(at);
  }

  /** When that period began. */
  public Instant periodStart() {
    return budget.periodStart(at);
  }
}
