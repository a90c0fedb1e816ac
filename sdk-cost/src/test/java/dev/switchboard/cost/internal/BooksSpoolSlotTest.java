package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two instances configured with one spool file never share it. */
class BooksSpoolSlotTest {
  @TempDir Path dir;

  private BooksSpool open(Path configured) {
    return new BooksSpool(
        configured, CostLedger.inMemory(), BudgetStore.inMemory(), List.of(), Clock.systemUTC());
  }

  @Test
  void aSecondInstanceWithTheSameSpoolTakesTheNextSlot() {
    Path configured = dir.resolve("switchboard-ledger-spool.jsonl");
    try (BooksSpool first = open(configured);
        BooksSpool second = open(configured);
        BooksSpool third = open(configured)) {
      assertThat(first.file()).isEqualTo(configured);
      assertThat(second.file()).isEqualTo(dir.resolve("switchboard-ledger-spool-2.jsonl"));
      assertThat(third.file()).isEqualTo(dir.resolve("switchboard-ledger-spool-3.jsonl"));
    }
  }

  @Test
  void aClosedInstanceFreesItsSlotAndTheNextOneTakesOverItsEntries() throws Exception {
    Path configured = dir.resolve("spool");
    try (BooksSpool first = open(configured)) {
      assertThat(first.file()).isEqualTo(configured);
    }
    // An instance that stopped left an entry; the next to start takes its slot and sees it.
    Files.writeString(configured, "R {}\n", StandardCharsets.UTF_8);
    try (BooksSpool next = open(configured);
        BooksSpool other = open(configured)) {
      assertThat(next.file()).isEqualTo(configured);
      assertThat(next.size()).isEqualTo(1);
      assertThat(other.file()).isEqualTo(dir.resolve("spool-2"));
      assertThat(other.empty()).isTrue();
    }
  }
}
