package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostReportTest {
  private static final Clock CLOCK =
      Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  private static final PriceCatalog PRICES =
      PriceCatalog.of(
          "hospital",
          LocalDate.of(2026, 11, 1),
          "USD",
          List.of(
              Price.builder()
                  .provider("foundry-us")
                  .model("gpt-4.1")
                  .inputPerMillion("2.00")
                  .cachedInputPerMillion("0.50")
                  .outputPerMillion("8.00")
                  .build(),
              Price.builder()
                  .provider("foundry-eu")
                  .model("gpt-4.1-mini")
                  .inputPerMillion("0.40")
                  .outputPerMillion("1.60")
                  .build(),
              Price.builder()
                  .provider("foundry-us")
                  .model("text-embedding-3-small")
                  .embeddingPerMillion("0.02")
                  .build()));

  /**
   * A scripted run of mixed calls (chat, stream, embeddings; three departments; one answer without
   * usage) written to a file ledger through a real client. Returns the ledger file.
   */
  static Path scriptedRun(Path dir) {
    Path file = dir.resolve("ledger.jsonl");
    ScriptedProvider us = new ScriptedProvider("foundry-us").chunkChars(4);
    ScriptedProvider eu = new ScriptedProvider("foundry-eu").chunkChars(4);
    us.then(ScriptedReply.answer("summary", new Usage(1_000, 0, 500, 0)))
        .then(ScriptedReply.answer("streamed summary", new Usage(2_000, 1_000, 250, 0)))
        .then(ScriptedReply.answer("", Usage.of(50_000, 0)))
        .then(ScriptedReply.answer("x", Usage.of(100, 100)))
        .then(ScriptedReply.answer("x".repeat(40), Usage.EMPTY));
    eu.then(ScriptedReply.answer("oncology answer", Usage.of(10_000, 2_000)));
    try (CostLedger ledger = CostLedger.file(file);
        ModelClient client =
            ModelClient.builder()
                .provider(us)
                .provider(eu)
                .route("summary", Route.of("foundry-us", "gpt-4.1"))
                .route("mini", Route.of("foundry-eu", "gpt-4.1-mini"))
                .route("vectors", Route.of("foundry-us", "text-embedding-3-small"))
                .defaultModel("summary")
                .with(CostTracking.builder().pricing(PRICES).ledger(ledger).build())
                .clock(SwitchboardClock.of(CLOCK))
                .build()) {
      client.chat(ChatRequest.builder().user("a").tag("department", "cardiology").build());
      try (ChatStream s =
          client.stream(ChatRequest.builder().user("b").tag("department", "cardiology").build())) {
        s.response();
      }
      client.embed(
          EmbeddingRequest.builder()
              .model("vectors")
              .input("notes")
              .tag("department", "oncology")
              .build());
      client.chat(ChatRequest.builder().user("c").build());
      client.chat(
          ChatRequest.builder().user("y".repeat(400)).tag("department", "cardiology").build());
      client.chat(
          ChatRequest.builder().model("mini").user("d").tag("department", "oncology").build());
    }
    return file;
  }

  @Test
  void reportByDepartmentMatchesAHandComputation(@TempDir Path dir) {
    Path file = scriptedRun(dir);
    CostReport report;
    try (CostLedger ledger = CostLedger.file(file)) {
      report = CostReport.of(ledger, ReportGrouping.tag("department"), null);
    }
    // cardiology: chat 1,000 x 2.00 + 500 x 8.00 = 6,000; stream 1,000 x 2.00 + 1,000 x 0.50 + 250
    // x 8.00 = 4,500;
    //             estimated 112 x 2.00 + 10 x 8.00 = 304 (input 8 + 4 + 400/4 tokens, output 40/4
    // tokens)
    //             = 10,804 per million
    // oncology:   mini 10,000 x 0.40 + 2,000 x 1.60 = 7,200; embeddings 50,000 x 0.02 = 1,000 =
    // 8,200 per million
    // untagged:   100 x 2.00 + 100 x 8.00 = 1,000 per million
    BigDecimal cardiology = new BigDecimal("0.010804");
    BigDecimal oncology = new BigDecimal("0.0082");
    BigDecimal untagged = new BigDecimal("0.001");
    assertThat(report.rows())
        .extracting(CostReport.Row::group)
        .containsExactly("(none)", "cardiology", "oncology");
    assertThat(report.row("cardiology", "USD").orElseThrow())
        .satisfies(
            r -> {
              assertThat(r.amount()).isEqualByComparingTo(cardiology);
              assertThat(r.calls()).isEqualTo(3);
              assertThat(r.estimated()).isEqualTo(1);
            });
    assertThat(report.row("oncology", "USD").orElseThrow().amount()).isEqualByComparingTo(oncology);
    assertThat(report.row("(none)", "USD").orElseThrow().amount()).isEqualByComparingTo(untagged);
    assertThat(report.totals())
        .singleElement()
        .satisfies(
            t -> {
              assertThat(t.amount()).isEqualByComparingTo(cardiology.add(oncology).add(untagged));
              assertThat(t.calls()).isEqualTo(6);
            });
    String table = report.render(CostReport.Format.TABLE);
    assertThat(table)
        .contains("department")
        .contains("0.010804")
        .contains("0.0082")
        .contains("0.020004");
  }

  private static CostRecord rec(
      String call, String dept, String model, String amount, String time) {
    CostRecord.Builder b =
        CostRecord.builder()
            .callId(call)
            .time(Instant.parse(time))
            .operation(Operation.CHAT)
            .logicalModel("summary")
            .provider("foundry-us")
            .model(model)
            .usage(Usage.of(10, 5))
            .cost(Cost.of(new BigDecimal(amount), "USD"));
    if (dept != null) b.tag("department", dept);
    return b.build();
  }

  private static final LedgerSnapshot SNAPSHOT =
      new LedgerSnapshot(
          List.of(
              rec("c1", "cardiology", "gpt-4.1", "0.10", "2026-11-01T10:00:00Z"),
              rec("c1", "cardiology", "gpt-4.1", "0.05", "2026-11-01T10:00:01Z"), // a retry of c1
              rec("c2", "oncology, ward 3", "gpt-4.1-mini", "0.001", "2026-11-02T10:00:00Z"),
              rec("c3", null, "gpt-4.1-mini", "0.0001", "2026-11-03T10:00:00Z")),
          List.of("line 9: incomplete final record (torn write), skipped"));

  @Test
  void groupsByModelProviderAndDayWithCallsCountedOnce() {
    CostReport byModel = CostReport.of(SNAPSHOT, ReportGrouping.parse("model"), null);
    assertThat(byModel.row("gpt-4.1", "USD").orElseThrow())
        .satisfies(
            r -> {
              assertThat(r.amount()).isEqualByComparingTo("0.15");
              assertThat(r.calls()).isEqualTo(1);
              assertThat(r.attempts()).isEqualTo(2);
            });
    assertThat(CostReport.of(SNAPSHOT, ReportGrouping.parse("provider"), null).rows())
        .singleElement()
        .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("0.1511"));
    assertThat(CostReport.of(SNAPSHOT, ReportGrouping.parse("day"), null).rows())
        .extracting(CostReport.Row::group)
        .containsExactly("2026-11-01", "2026-11-02", "2026-11-03");
    assertThat(
            CostReport.of(SNAPSHOT, ReportGrouping.parse("day"), LocalDate.of(2026, 11, 2))
                .totals())
        .singleElement()
        .satisfies(r -> assertThat(r.amount()).isEqualByComparingTo("0.0011"));
    assertThatThrownBy(() -> ReportGrouping.parse("colour"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void csvQuotesAndJsonKeepsAmountsExact() {
    CostReport r = CostReport.of(SNAPSHOT, ReportGrouping.tag("department"), null);
    assertThat(r.render(CostReport.Format.CSV))
        .isEqualTo(
            "tag:department,currency,calls,attempts,input_tokens,output_tokens,cost,estimated,unpriced\r\n"
                + "(none),USD,1,1,10,5,0.0001,0,0\r\n"
                + "cardiology,USD,1,2,20,10,0.15,0,0\r\n"
                + "\"oncology, ward 3\",USD,1,1,10,5,0.001,0,0\r\n"
                + "TOTAL,USD,3,4,40,20,0.1511,0,0\r\n");
    assertThat(r.render(CostReport.Format.JSON))
        .contains("\"groupBy\":\"tag:department\"")
        .contains(
            "{\"group\":\"cardiology\",\"currency\":\"USD\",\"calls\":1,\"attempts\":2,\"inputTokens\":20,"
                + "\"outputTokens\":10,\"cost\":\"0.15\",\"estimated\":0,\"unpriced\":0}")
        .contains(
            "\"totals\":[{\"currency\":\"USD\",\"calls\":3,\"attempts\":4,\"inputTokens\":40,\"outputTokens\":20,"
                + "\"cost\":\"0.1511\"")
        .contains("\"problems\":[\"line 9: incomplete final record (torn write), skipped\"]");
    assertThat(r.render(CostReport.Format.TABLE)).contains("warning: ledger line 9");
  }
}
