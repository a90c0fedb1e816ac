package dev.switchboard.cost.internal;

import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetClaim;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.ReservationResult;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Budget state in this process, behind one lock, so that a reservation against several budgets is
 * all-or-nothing. A period that began before the store was created starts from what the ledger
 * already holds for it (records written before the store existed), so a restart does not forget
 * this month's spending.
 */
public final class InMemoryBudgetStore implements BudgetStore {
  private final Supplier<List<CostRecord>> history;
  private final Instant createdAt;
  private final BigDecimal unreadableCharge;
  private List<CostRecord> loadedHistory;
  private final Map<String, Bucket> buckets = new HashMap<>();
  private final Map<String, Map<String, BigDecimal>> reservations = new HashMap<>();

  /**
   * @param history the ledger's records, read once when first needed
   * @param createdAt records before this instant count as history
   */
  public InMemoryBudgetStore(Supplier<List<CostRecord>> history, Instant createdAt) {
    this(history, createdAt, BigDecimal.ZERO);
  }

  /**
   * @param history the ledger's records, read once when first needed
   * @param createdAt records before this instant count as history
   * @param unreadableCharge added to every budget's period that began before {@code createdAt}:
   *     what the ledger lines that could not be read may have cost (a line's time and tags are
   *     unknown, so it is assumed to fall in every budget's current period)
   */
  public InMemoryBudgetStore(
      Supplier<List<CostRecord>> history, Instant createdAt, BigDecimal unreadableCharge) {
    this.history = history;
    this.createdAt = createdAt;
    this.unreadableCharge = unreadableCharge;
  }

  private static final class Bucket {
    BigDecimal spent;
    BigDecimal reserved = BigDecimal.ZERO;

    Bucket(BigDecimal spent) {
      this.spent = spent;
    }
  }

  @Override
  public synchronized ReservationResult reserve(String reservationId, List<BudgetClaim> claims) {
    List<BudgetStatus> before = new ArrayList<>(claims.size());
    for (BudgetClaim c : claims) {
      Bucket b = bucket(c.budget(), c.at());
      BudgetStatus s = status(c.budget(), c.periodKey(), b);
      before.add(s);
      boolean over = b.spent.add(b.reserved).add(c.amount()).compareTo(c.budget().limit()) > 0;
      // Nothing to reserve cannot pass a limit: a free call is never refused.
      if (c.budget().mode() == BudgetMode.HARD && c.amount().signum() > 0 && over)
        return ReservationResult.refused(s, before);
    }
    List<BudgetStatus> after = new ArrayList<>(claims.size());
    Map<String, BigDecimal> held =
        reservations.computeIfAbsent(reservationId, k -> new HashMap<>());
    for (BudgetClaim c : claims) {
      Bucket b = bucket(c.budget(), c.at());
      b.reserved = b.reserved.add(c.amount());
      held.merge(key(c.budget(), c.periodKey()), c.amount(), BigDecimal::add);
      after.add(status(c.budget(), c.periodKey(), b));
    }
    return ReservationResult.granted(after);
  }

  @Override
  public synchronized void settle(String reservationId, List<BudgetClaim> actual) {
    Map<String, BigDecimal> held = reservations.remove(reservationId);
    if (held != null) {
      held.forEach(
          (key, amount) -> {
            Bucket b = buckets.get(key);
            if (b != null) b.reserved = b.reserved.subtract(amount);
          });
    }
    for (BudgetClaim c : actual) {
      Bucket b = bucket(c.budget(), c.at());
      b.spent = b.spent.add(c.amount());
    }
  }

  @Override
  public synchronized BudgetStatus status(Budget budget, Instant at) {
    return status(budget, budget.periodKey(at), bucket(budget, at));
  }

  private static BudgetStatus status(Budget budget, String periodKey, Bucket b) {
    return new BudgetStatus(budget, periodKey, b.spent, b.reserved);
  }

  private Bucket bucket(Budget budget, Instant at) {
    return buckets.computeIfAbsent(
        key(budget, budget.periodKey(at)), k -> new Bucket(seed(budget, at)));
  }

  /** What the ledger held for this budget's period before the store existed. */
  private BigDecimal seed(Budget budget, Instant at) {
    Instant start = budget.periodStart(at);
    if (!start.isBefore(createdAt)) return BigDecimal.ZERO;
    if (loadedHistory == null) loadedHistory = List.copyOf(history.get());
    BigDecimal sum = unreadableCharge;
    for (CostRecord r : loadedHistory) {
      if (r.time().isBefore(start) || !r.time().isBefore(createdAt)) continue;
      if (r.cost().currency().equals(budget.currency()) && budget.matches(r.tags()))
        sum = sum.add(r.cost().amount());
    }
    return sum;
  }

  private static String key(Budget budget, String periodKey) {
    return budget.name() + '\u0000' + periodKey;
  }
}
