package dev.switchboard.cost.internal;

import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetClaim;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.ReservationResult;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.usage.BudgetCharge;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * One call's reservation against its matching budgets: reserved before the call, raised before a
 * retry if what was billed plus the retry's maximum would pass it, settled once at the end.
 * Thread-safe.
 */
final class BudgetHold {
  private final BudgetStore store;
  private final List<Budget> budgets;
  private final Instant at;
  private final String reservationId;
  private final Consumer<ReservationResult> onGranted;
  private BigDecimal reserved = BigDecimal.ZERO;
  private List<BudgetCharge> charges = List.of();
  private boolean settled;

  BudgetHold(
      BudgetStore store,
      List<Budget> budgets,
      Instant at,
      String reservationId,
      Consumer<ReservationResult> onGranted) {
    this.store = store;
    this.budgets = List.copyOf(budgets);
    this.at = at;
    this.reservationId = reservationId;
    this.onGranted = onGranted;
  }

  /**
   * Makes sure at least {@code needed} is reserved for the call.
   *
   * @throws BudgetExceededException naming the hard budget that refused; nothing more is reserved
   *     then
   */
  synchronized void ensure(BigDecimal needed) {
    if (settled || needed.compareTo(reserved) <= 0) return;
    BigDecimal extra = needed.subtract(reserved);
    ReservationResult r = store.reserve(reservationId, claims(extra));
    if (!r.isGranted()) {
      BudgetStatus s = r.refusedBy();
      Budget b = s.budget();
      throw new BudgetExceededException(
          b.name(),
          b.describe(),
          s.periodKey(),
          b.currency(),
          b.limit(),
          s.spent(),
          s.reserved(),
          extra);
    }
    reserved = needed;
    charges = charges(r);
    onGranted.accept(r);
  }

  /** Each budget as it stood after the latest granted reservation, for the response. */
  synchronized List<BudgetCharge> charges() {
    return charges;
  }

  private static List<BudgetCharge> charges(ReservationResult r) {
    List<BudgetCharge> out = new ArrayList<>(r.statuses().size());
    for (BudgetStatus s : r.statuses()) {
      Budget b = s.budget();
      out.add(
          new BudgetCharge(
              b.name(),
              s.periodKey(),
              b.mode() == BudgetMode.HARD,
              b.limit(),
              s.spent().add(s.reserved()),
              b.currency()));
    }
    return List.copyOf(out);
  }

  /** Releases the reservation and records the call's real cost; only the first call counts. */
  synchronized void settle(BigDecimal actual) {
    if (settled) return;
    settled = true;
    store.settle(reservationId, claims(actual));
  }

  private List<BudgetClaim> claims(BigDecimal amount) {
    List<BudgetClaim> claims = new ArrayList<>(budgets.size());
    for (Budget b : budgets) claims.add(new BudgetClaim(b, at, amount));
    return claims;
  }
}
