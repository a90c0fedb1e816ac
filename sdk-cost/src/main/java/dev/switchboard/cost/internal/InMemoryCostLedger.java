package dev.switchboard.cost.internal;

import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.spi.Checks;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** A ledger in memory, for tests and demos. Thread-safe. */
public final class InMemoryCostLedger implements CostLedger {
  private final List<CostRecord> records = new ArrayList<>();

  @Override
  public synchronized void append(CostRecord record) {
    records.add(Checks.notNull(record, "record"));
  }

  @Override
  public synchronized LedgerSnapshot read(Instant since) {
    List<CostRecord> out = new ArrayList<>(records.size());
    for (CostRecord r : records) {
      if (since == null || !r.time().isBefore(since)) out.add(r);
    }
    return new LedgerSnapshot(out, List.of());
  }

  @Override
  public void close() {}
}
