package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link BudgetStore#reserve}: either every claim was reserved, or none was because
 * a hard budget would have been exceeded.
 *
 * @param refusedBy the hard budget that refused, with its state, or null if granted
 * @param statuses the state of each claimed budget after the reservation (before it, if refused)
 * @since 0.1
 */
public record ReservationResult(BudgetStatus refusedBy, List<BudgetStatus> statuses) {
  public ReservationResult {
    statuses = Checks.listCopy(statuses, "ReservationResult.statuses");
  }

  public static ReservationResult granted(List<BudgetStatus> statuses) {
    return new ReservationResult(null, statuses);
  }

  public static ReservationResult refused(BudgetStatus by, List<BudgetStatus> statuses) {
    return new ReservationResult(Checks.notNull(by, "by"), statuses);
  }

  public boolean isGranted() {
    return refusedBy == null;
  }

  /** The refusing budget's state, if refused. */
  public Optional<BudgetStatus> refusal() {
    return Optional.ofNullable(refusedBy);
  }
}
