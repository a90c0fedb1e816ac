package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.error.SwitchboardException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LedgerHistoryTest {
  private static final Instant NOW = Instant.parse("2026-11-15T12:00:00Z");
  private static final Instant EARLIER = Instant.parse("2026-11-10T00:00:00Z");

  @TempDir Path dir;

  private static Budget budget(BudgetMode mode) {
    return Budget.builder().name("hospital").limit("10").mode(mode).build();
  }

  /** Two records of 1.00 with an unreadable line between them. */
  private Path ledgerWithCorruptMiddleLine() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(FileCostLedgerTest.record("c1", "1.00", EARLIER));
    }
    Files.writeString(file, "{\"v\":1,\"id\":\"garbled\n", StandardOpenOption.APPEND);
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(FileCostLedgerTest.record("c2", "1.00", EARLIER));
    }
    return file;
  }

  private static CostSettings settings(Budget budget, LedgerSettings ledger) {
    return CostSettings.builder().budgets(java.util.List.of(budget)).ledger(ledger).build();
  }

  @Test
  void aHardBudgetRefusesToStartFromALedgerWithACorruptLineNamingFileAndLine() throws Exception {
    Path file = ledgerWithCorruptMiddleLine();
    CostSettings s =
        settings(budget(BudgetMode.HARD), LedgerSettings.file(file, CostLedger.Sync.OS));
    assertThatThrownBy(
            () -> CostEngine.open(s, null, null, Clock.fixed(NOW, ZoneOffset.UTC), Map.of()))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining(file.toString())
        .hasMessageContaining("line 2: not a complete record")
        .hasMessageContaining("hard budget 'hospital'")
        .hasMessageContaining("ledger.unreadable-line-cost");
  }

  @Test
  void aTornLastLineAlsoStopsAHardBudgetBecauseThatAttemptWasBilled() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(FileCostLedgerTest.record("c1", "1.00", EARLIER));
    }
    String next = LedgerCodec.encode(FileCostLedgerTest.record("c2", "1.00", EARLIER));
    Files.write(
        file,
        next.substring(0, next.length() / 2).getBytes(StandardCharsets.UTF_8),
        StandardOpenOption.APPEND);
    try (CostLedger ledger = CostLedger.file(file)) {
      assertThatThrownBy(
              () ->
                  LedgerHistory.seededStore(
                      ledger, settings(budget(BudgetMode.HARD), LedgerSettings.none()), NOW))
          .isInstanceOf(SwitchboardException.class)
          .hasMessageContaining("line 2");
    }
  }

  @Test
  void withAnUnreadableLineCostEachBadLineCountsAgainstTheBudget() throws Exception {
    Path file = ledgerWithCorruptMiddleLine();
    LedgerSettings ls =
        LedgerSettings.file(file, CostLedger.Sync.OS)
            .withUnreadableLineCost(new BigDecimal("2.50"));
    Budget hard = budget(BudgetMode.HARD);
    try (CostLedger ledger = CostLedger.file(file)) {
      InMemoryBudgetStore store = LedgerHistory.seededStore(ledger, settings(hard, ls), NOW);
      // two readable records of 1.00 and one unreadable line counted at 2.50
      assertThat(store.status(hard, NOW).spent()).isEqualByComparingTo("4.50");
    }
  }

  @Test
  void softBudgetsStartFromAnUnreadableLedgerButCountOnlyWhatTheyCanRead() throws Exception {
    Path file = ledgerWithCorruptMiddleLine();
    Budget soft = budget(BudgetMode.SOFT);
    try (CostLedger ledger = CostLedger.file(file)) {
      InMemoryBudgetStore store =
          LedgerHistory.seededStore(ledger, settings(soft, LedgerSettings.none()), NOW);
      assertThat(store.status(soft, NOW).spent()).isEqualByComparingTo("2.00");
    }
  }

  @Test
  void aCleanLedgerSeedsTheBudgetWithWhatItHolds() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(FileCostLedgerTest.record("c1", "1.25", EARLIER));
      Budget hard = budget(BudgetMode.HARD);
      InMemoryBudgetStore store =
          LedgerHistory.seededStore(ledger, settings(hard, LedgerSettings.none()), NOW);
      assertThat(store.status(hard, NOW).spent()).isEqualByComparingTo("1.25");
    }
  }

  @Test
  void aNegativeUnreadableLineCostIsRefused() {
    LedgerSettings ls = LedgerSettings.file(dir.resolve("l.jsonl"), CostLedger.Sync.OS);
    assertThatThrownBy(() -> ls.withUnreadableLineCost(new BigDecimal("-1")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must not be negative");
  }
}
