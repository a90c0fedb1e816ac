package dev.switchboard.observability.internal;

import dev.switchboard.usage.BudgetCharge;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The latest known state of each budget, from the budget charges on answers: what the {@code
 * switchboard.budget.remaining} gauges read. Thread-safe.
 */
public final class BudgetBoard {
  /** One budget as last seen. */
  public record Entry(
      String budget, String period, boolean hard, double limit, double used, String currency) {
    /** Limit minus used; negative for a soft budget over its limit. */
    public double remaining() {
      return limit - used;
    }
  }

  private final Map<String, Entry> byBudget = new ConcurrentHashMap<>();

  /** Records a charge; returns true the first time a budget is seen. */
  public boolean update(BudgetCharge c) {
    Entry e =
        new Entry(
            c.budget(),
            c.period(),
            c.hard(),
            c.limit().doubleValue(),
            c.used().doubleValue(),
            c.currency());
    return byBudget.put(c.budget(), e) == null;
  }

  /** The budgets as last seen, by name. */
  public Map<String, Entry> entries() {
    return Map.copyOf(byBudget);
  }

  /** What is left of a budget, or NaN if it was never seen. */
  public double remaining(String budget) {
    Entry e = byBudget.get(budget);
    return e == null ? Double.NaN : e.remaining();
  }
}
