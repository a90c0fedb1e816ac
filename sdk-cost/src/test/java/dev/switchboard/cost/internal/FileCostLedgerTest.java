package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCostLedgerTest {
  @TempDir Path dir;

  static CostRecord record(String callId, String amount, Instant time) {
    return CostRecord.builder()
        .callId(callId)
        .time(time)
        .attempt(2)
        .operation(Operation.STREAM)
        .logicalModel("summary")
        .provider("foundry-us")
        .model("gpt-4.1")
        .usage(new Usage(1_000, 200, 500, 120))
        .cost(new Cost(new BigDecimal(amount), "USD", true, false))
        .duration(Duration.ofMillis(1_234))
        .outcome(AttemptOutcome.CLOSED_EARLY)
        .tag("department", "cardiology")
        .tag("user", "u-17")
        .priceSource("*|*|gpt-4.1@2025-04-14")
        .build();
  }

  @Test
  void recordsRoundTripExactly() {
    Path file = dir.resolve("ledger.jsonl");
    CostRecord a = record("c1", "0.000000000123456789", Instant.parse("2026-11-01T00:00:00Z"));
    CostRecord b = record("c2", "12345.67", Instant.parse("2026-11-02T00:00:00Z"));
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(a);
      ledger.append(b);
      LedgerSnapshot all = ledger.readAll();
      assertThat(all.records()).containsExactly(a, b);
      assertThat(all.records().get(0).cost().amount().toPlainString())
          .isEqualTo("0.000000000123456789");
      assertThat(all.problems()).isEmpty();
      assertThat(ledger.read(Instant.parse("2026-11-02T00:00:00Z")).records()).containsExactly(b);
    }
  }

  @Test
  void aTornLastLineIsSkippedAndReportedThenRepairedOnOpen() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    CostRecord a = record("c1", "0.5", Instant.parse("2026-11-01T00:00:00Z"));
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(a);
    }
    // a crash in the middle of writing the second record: half a line, no line break
    String full = LedgerCodec.encode(record("c2", "0.25", Instant.parse("2026-11-01T01:00:00Z")));
    Files.writeString(file, full.substring(0, full.length() / 2), StandardOpenOption.APPEND);

    LedgerSnapshot afterCrash = FileCostLedger.readFile(file, null);
    assertThat(afterCrash.records()).containsExactly(a);
    assertThat(afterCrash.problems())
        .containsExactly("line 2: incomplete final record (torn write), skipped");

    CostRecord c = record("c3", "0.125", Instant.parse("2026-11-01T02:00:00Z"));
    try (CostLedger reopened = CostLedger.file(file)) {
      reopened.append(c);
      LedgerSnapshot repaired = reopened.readAll();
      assertThat(repaired.records()).containsExactly(a, c);
      assertThat(repaired.problems())
          .singleElement()
          .asString()
          .startsWith("line 2: not a complete record");
    }
    assertThat(Files.readAllLines(file)).hasSize(3);
  }

  @Test
  void aWriteTornInsideAMultiByteCharacterIsStillSkipped() throws Exception {
    Path file = dir.resolve("ledger.jsonl");
    CostRecord a = record("c1", "1", Instant.parse("2026-11-01T00:00:00Z"));
    try (CostLedger ledger = CostLedger.file(file)) {
      ledger.append(a);
    }
    byte[] line =
        LedgerCodec.encode(
                CostRecord.builder()
                    .callId("c2")
                    .logicalModel("m")
                    .provider("p")
                    .model("x")
                    .cost(Cost.zero("USD"))
                    .tag("ward", "Kardiologie-Süd")
                    .build())
            .getBytes(StandardCharsets.UTF_8);
    int cut =
        new String(line, StandardCharsets.UTF_8).indexOf('ü') + 1; // inside the two bytes of ü
    Files.write(file, Arrays.copyOf(line, cut), StandardOpenOption.APPEND);
    LedgerSnapshot s = FileCostLedger.readFile(file, null);
    assertThat(s.records()).containsExactly(a);
    assertThat(s.problems()).hasSize(1);
  }

  @Test
  void aSecondWriterIsRefusedWhileTheFirstHoldsTheFile() {
    Path file = dir.resolve("ledger.jsonl");
    try (CostLedger first = CostLedger.file(file)) {
      assertThatThrownBy(() -> CostLedger.file(file))
          .isInstanceOf(SwitchboardException.class)
          .hasMessageContaining("already open in this JVM");
      first.append(record("c1", "1", Instant.EPOCH));
    }
    try (CostLedger again = CostLedger.file(file, CostLedger.Sync.OS)) {
      assertThat(again.readAll().records()).hasSize(1);
    }
  }

  @Test
  void readingAMissingFileSaysSo() {
    assertThatThrownBy(() -> FileCostLedger.readFile(dir.resolve("none.jsonl"), null))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("does not exist");
  }
}
