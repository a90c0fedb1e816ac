package dev.switchboard.error;

import dev.switchboard.usage.Cost;
import java.math.BigDecimal;

/**
 * A call was refused before anything was sent because its maximum cost would pass a hard budget.
 * Names the budget, the period and the amounts; never request content. Not retryable: trying again
 * cannot help until the period ends or the limit is raised.
 *
 * @since 0.1
 */
public class BudgetExceededException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final String budgetName;
  private final String periodKey;
  private final transient BigDecimal limit;
  private final transient BigDecimal spent;
  private final transient BigDecimal reserved;
  private final transient BigDecimal requested;

  /**
   * @param budgetName the budget's name
   * @param coverage what the budget covers, such as {@code department=cardiology, per month}
   * @param periodKey the period, such as {@code 2026-11}
   * @param currency the budget's currency
   * @param limit the budget's limit
   * @param spent settled spending in the period
   * @param reserved reserved by calls in flight
   * @param requested what this call asked to reserve (its maximum cost, or more for a retry)
   */
  public BudgetExceededException(
      String budgetName,
      String coverage,
      String periodKey,
      String currency,
      BigDecimal limit,
      BigDecimal spent,
      BigDecimal reserved,
      BigDecimal requested) {
    super(
        "hard budget '"
            + budgetName
            + "' ("
            + coverage
            + ") would be exceeded in period "
            + periodKey
            + ": limit "
            + Cost.formatAmount(limit)
            + " "
            + currency
            + ", spent "
            + Cost.formatAmount(spent)
            + ", reserved by calls in flight "
            + Cost.formatAmount(reserved)
            + ", this call needs up to "
            + Cost.formatAmount(requested)
            + "; refused before sending",
        ErrorContext.NONE);
    this.budgetName = budgetName;
    this.periodKey = periodKey;
    this.limit = limit;
    this.spent = spent;
    this.reserved = reserved;
    this.requested = requested;
  }

  /** The budget that refused. */
  public String budgetName() {
    return budgetName;
  }

  /** The period, such as {@code 2026-11}. */
  public String periodKey() {
    return periodKey;
  }

  public BigDecimal limit() {
    return limit;
  }

  public BigDecimal spent() {
    return spent;
  }

  public BigDecimal reserved() {
    return reserved;
  }

  /** The most this call could have cost. */
  public BigDecimal requested() {
    return requested;
  }
}
