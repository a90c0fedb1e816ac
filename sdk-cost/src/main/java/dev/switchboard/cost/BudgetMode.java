package dev.switchboard.cost;

/**
 * What a budget does when a call would exceed it.
 *
 * @since 0.1
 */
public enum BudgetMode {
  /**
   * Refuse the call before anything is sent, with a {@link
   * dev.switchboard.error.BudgetExceededException}.
   */
  HARD,
  /** Let the call through and log one warning per budget and period. */
  SOFT
}
