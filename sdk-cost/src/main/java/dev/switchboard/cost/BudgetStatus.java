package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import dev.switchboard.usage.Cost;
import java.math.BigDecimal;

/**
 * Where a budget stands in one period.
 *
 * @param budget the budget
 * @param periodKey the period, such as {@code 2026-11}
 * @param spent settled costs in the period
 * @param reserved the maximum costs of calls still in flight
 * @since 0.1
 */
public record BudgetStatus(Budget budget, String periodKey, BigDecimal spent, BigDecimal reserved) {
  public BudgetStatus {
    Checks.notNull(budget, "BudgetStatus.budget");
    Checks.notBlank(periodKey, "BudgetStatus.periodKey");
    Checks.notNull(spent, "BudgetStatus.spent");
    Checks.notNull(reserved, "BudgetStatus.reserved");
  }

  /** The limit less spent and reserved; negative when over. */
  public BigDecimal remaining() {
    return budget.limit().subtract(spent).subtract(reserved);
  }

  /** True if spent and reserved together pass the limit. */
  public boolean overLimit() {
    return remaining().signum() < 0;
  }

  @Override
  public String toString() {
    return "BudgetStatus["
        + budget.name()
        + " "
        + periodKey
        + ": spent "
        + Cost.formatAmount(spent)
        + ", reserved "
        + Cost.formatAmount(reserved)
        + " of "
        + Cost.formatAmount(budget.limit())
        + " "
        + budget.currency()
        + "]";
  }
}
