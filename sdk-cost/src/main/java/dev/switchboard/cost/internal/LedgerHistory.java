package dev.switchboard.cost.internal;

import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts in-process budgets from what the ledger already holds, and decides what a line that cannot
 * be read means for them. A skipped line is money the budget would not see, so a hard budget never
 * starts from a ledger with one unless the operator said what each such line counts as ({@code
 * ledger.unreadable-line-cost}); a torn last line from a crash is treated the same way, because the
 * attempt it was recording was billed too.
 */
final class LedgerHistory {
  private static final Logger log = LoggerFactory.getLogger(LedgerHistory.class);

  private LedgerHistory() {}

  /**
   * Reads the ledger now (not at the first call) so that a ledger a hard budget cannot trust stops
   * the client from being built.
   *
   * @param ledger the ledger, or null for none
   * @throws SwitchboardException naming the ledger and each unreadable line, if a hard budget would
   *     undercount
   */
  static InMemoryBudgetStore seededStore(CostLedger ledger, CostSettings settings, Instant now) {
    if (ledger == null) return new InMemoryBudgetStore(List::of, now);
    LedgerSnapshot history = ledger.readAll();
    BigDecimal charge = chargeFor(ledger, history.problems(), settings);
    return new InMemoryBudgetStore(history::records, now, charge);
  }

  private static BigDecimal chargeFor(CostLedger ledger, List<String> problems, CostSettings s) {
    if (problems.isEmpty()) return BigDecimal.ZERO;
    String lines = String.join("; ", problems);
    Optional<BigDecimal> perLine = s.ledger().unreadableLineCost();
    if (perLine.isPresent()) {
      BigDecimal charge = perLine.get().multiply(BigDecimal.valueOf(problems.size()));
      log.warn(
          "cost ledger {}: {} unreadable line(s) ({}); each counts as {} {} against every budget's"
              + " current period (ledger.unreadable-line-cost), {} {} in all",
          ledger,
          problems.size(),
          lines,
          perLine.get().toPlainString(),
          s.catalog().currency(),
          charge.toPlainString(),
          s.catalog().currency());
      return charge;
    }
    Optional<Budget> hard =
        s.budgets().stream().filter(b -> b.mode() == BudgetMode.HARD).findFirst();
    if (hard.isPresent()) {
      throw new SwitchboardException(
          "cost ledger "
              + ledger
              + ": "
              + lines
              + "; hard budget '"
              + hard.get().name()
              + "' cannot start from a ledger it cannot read in full, since it would count less"
              + " than was spent. Repair or remove the line(s), or set ledger.unreadable-line-cost"
              + " to count each one at the most an attempt can cost",
          ErrorContext.NONE,
          null);
    }
    log.warn(
        "cost ledger {}: {} unreadable line(s) ({}) are not counted; the soft budgets may show less"
            + " than was spent (set ledger.unreadable-line-cost to count them)",
        ledger,
        problems.size(),
        lines);
    return BigDecimal.ZERO;
  }
}
