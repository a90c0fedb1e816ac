package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.util.List;

/**
 * What a ledger read returned: the records, oldest first, and any lines that could not be read (for
 * example a last line torn by a crash), each described by its position, never its content.
 *
 * @param records the readable records
 * @param problems one entry per unreadable line, such as {@code line 1043: incomplete record (torn
 *     write), skipped}
 * @since 0.1
 */
public record LedgerSnapshot(List<CostRecord> records, List<String> problems) {
  public LedgerSnapshot {
    records = Checks.listCopy(records, "LedgerSnapshot.records");
    problems = Checks.listCopy(problems, "LedgerSnapshot.problems");
  }
}
