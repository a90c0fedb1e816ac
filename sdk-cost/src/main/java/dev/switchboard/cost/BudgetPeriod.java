package dev.switchboard.cost;

/**
 * The window a budget's limit applies to. Windows start at midnight (or the first of the month) in
 * the budget's time zone.
 *
 * @since 0.1
 */
public enum BudgetPeriod {
  /** One calendar day. */
  DAY,
  /** One calendar month. */
  MONTH,
  /** Forever: the limit is never reset. */
  ALL_TIME
}
