package dev.switchboard.usage;

import dev.switchboard.spi.Checks;
import java.math.BigDecimal;

/**
 * One budget a call was charged against, as it stood when the call was admitted: on {@link
 * dev.switchboard.chat.ChatResponse#budgets()} and {@link
 * dev.switchboard.embedding.EmbeddingResponse#budgets()}, so that an application sees a soft budget
 * over its limit (a hard one refuses the call instead). Filled by the cost module; the core only
 * carries it.
 *
 * @param budget the budget's name
 * @param period the budget period, such as {@code 2026-11} or {@code 2026-11-29}
 * @param hard true for a hard budget (refuses calls past its limit), false for a soft one (warns)
 * @param limit the budget's limit
 * @param used spent plus reserved in the period, including this call's reservation (its maximum
 *     cost): what the budget holds once the call is admitted, before it settles to the real cost
 * @param currency the currency of {@code limit} and {@code used}
 * @since 0.2
 */
public record BudgetCharge(
    String budget,
    String period,
    boolean hard,
    BigDecimal limit,
    BigDecimal used,
    String currency) {
  public BudgetCharge {
    Checks.notBlank(budget, "BudgetCharge.budget");
    Checks.notBlank(period, "BudgetCharge.period");
    Checks.notNull(limit, "BudgetCharge.limit");
    Checks.notNull(used, "BudgetCharge.used");
    Checks.currencyCode(currency, "BudgetCharge.currency");
  }

  /** True if the budget holds more than its limit. */
  public boolean overLimit() {
    return used.compareTo(limit) > 0;
  }

  /** True for a soft budget over its limit: the call went ahead, and someone should know. */
  public boolean overSoftLimit() {
    return !hard && overLimit();
  }
}
