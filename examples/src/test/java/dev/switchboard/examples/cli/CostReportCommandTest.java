package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code switchboard cost report} over a ledger written by a scripted run of mixed calls. */
class CostReportCommandTest {
  private static final PriceCatalog PRICES =
      PriceCatalog.of(
          "hospital",
          LocalDate.of(2026, 1, 1),
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
                  .build()));

  /**
   * Mixed calls through a real client with the mock provider: chat and stream, three departments, a
   * failover.
   */
  private static Path scriptedRun(Path dir) {
    Path file = dir.resolve("ledger.jsonl");
    MockProvider us =
        MockProvider.builder()
            .id("foundry-us")
            .sequence(
                MockReply.text("Stable, discharge home.").withUsage(new Usage(1_000, 0, 500, 0)),
                MockReply.text("Streamed summary of the admission.")
                    .withUsage(new Usage(2_000, 1_000, 250, 0)),
                MockReply.text("Untagged answer.").withUsage(Usage.of(100, 100)),
                MockReply.text("Cardiology follow-up.").withUsage(Usage.of(3_000, 1_000)))
            .build();
    MockProvider eu =
        MockProvider.builder()
            .id("foundry-eu")
            .sequence(
                MockReply.text("Oncology answer.").withUsage(Usage.of(10_000, 2_000)),
                MockReply.text("Oncology streamed.").withUsage(Usage.of(5_000, 5_000)))
            .build();
    try (CostLedger ledger = CostLedger.file(file);
        ModelClient client =
            ModelClient.builder()
                .provider(us)
                .provider(eu)
                .route("summary", Route.of("foundry-us", "gpt-4.1"))
                .route("mini", Route.of("foundry-eu", "gpt-4.1-mini"))
                .defaultModel("summary")
                .with(CostTracking.builder().pricing(PRICES).ledger(ledger).build())
                .build()) {
      client.chat(ChatRequest.builder().user("a").tag("department", "cardiology").build());
      try (ChatStream s =
          client.stream(ChatRequest.builder().user("b").tag("department", "cardiology").build())) {
        s.response();
      }
      client.chat(ChatRequest.builder().user("c").build());
      client.chat(
          ChatRequest.builder().model("mini").user("d").tag("department", "oncology").build());
      try (ChatStream s =
          client.stream(
              ChatRequest.builder()
                  .model("mini")
                  .user("e")
                  .tag("department", "oncology")
                  .build())) {
        s.response();
      }
      client.chat(ChatRequest.builder().user("f").tag("department", "cardiology").build());
    }
    return file;
  }

  @Test
  void reportByDepartmentPrintsTotalsThatMatchAHandComputation(@TempDir Path dir) {
    Path ledger = scriptedRun(dir);
    // Hand computation, per million tokens:
    //   cardiology: 1,000 x 2.00 + 500 x 8.00 = 6,000
    //               (2,000 - 1,000) x 2.00 + 1,000 x 0.50 + 250 x 8.00 = 4,500
    //               3,000 x 2.00 + 1,000 x 8.00 = 14,000                    -> 24,500 = 0.0245
    //   oncology:   10,000 x 0.40 + 2,000 x 1.60 = 7,200
    //               5,000 x 0.40 + 5,000 x 1.60 = 10,000                    -> 17,200 = 0.0172
    //   untagged:   100 x 2.00 + 100 x 8.00 = 1,000                          ->         0.001
    //   total                                                                          0.0427
    CliRun r =
        CliRun.of(
            "cost",
            "report",
            "--ledger",
            ledger.toString(),
            "--by",
            "tag:department",
            "--format",
            "csv");
    assertThat(r.code()).isZero();
    assertThat(r.err()).isEmpty();
    assertThat(r.out())
        .isEqualTo(
            "tag:department,currency,calls,attempts,input_tokens,output_tokens,cost,estimated,unpriced\r\n"
                + "(none),USD,1,1,100,100,0.001,0,0\r\n"
                + "cardiology,USD,3,3,6000,1750,0.0245,0,0\r\n"
                + "oncology,USD,2,2,15000,7000,0.0172,0,0\r\n"
                + "TOTAL,USD,6,6,21100,8850,0.0427,0,0\r\n");

    CliRun table =
        CliRun.of("cost", "report", "--ledger", ledger.toString(), "--by", "tag:department");
    assertThat(table.out())
        .contains("department")
        .contains("0.0245")
        .contains("0.0172")
        .contains("0.0427");
  }

  @Test
  void reportAsJsonByModelSinceADay(@TempDir Path dir) throws Exception {
    Path ledger = scriptedRun(dir);
    CliRun r =
        CliRun.of(
            "cost",
            "report",
            "--ledger",
            ledger.toString(),
            "--by",
            "model",
            "--since",
            "2000-01-01",
            "--format",
            "json");
    assertThat(r.code()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("groupBy").asText()).isEqualTo("model");
    assertThat(json.path("rows")).hasSize(2);
    // gpt-4.1: 6,000 + 4,500 + 1,000 + 14,000 = 25,500 per million
    assertThat(json.path("schemaVersion").asInt()).isEqualTo(1);
    assertThat(new BigDecimal(json.path("rows").get(0).path("cost").path("amount").asText()))
        .isEqualByComparingTo("0.0255");
    assertThat(json.path("rows").get(0).path("cost").path("currency").asText()).isEqualTo("USD");
    assertThat(json.path("rows").get(0).path("group").asText()).isEqualTo("gpt-4.1");
    assertThat(new BigDecimal(json.path("totals").get(0).path("cost").path("amount").asText()))
        .isEqualByComparingTo("0.0427");
    CliRun future =
        CliRun.of("cost", "report", "--ledger", ledger.toString(), "--since", "2999-01-01");
    assertThat(future.out()).contains("(no records since 2999-01-01)");
  }

  @Test
  void aTornLedgerLineIsReportedOnStderr(@TempDir Path dir) throws Exception {
    Path ledger = scriptedRun(dir);
    Files.writeString(ledger, "{\"v\":1,\"id\":\"x", java.nio.file.StandardOpenOption.APPEND);
    CliRun r = CliRun.of("cost", "report", "--ledger", ledger.toString(), "--format", "csv");
    assertThat(r.code()).isZero();
    assertThat(r.err())
        .contains(
            "switchboard: warning: ledger line 7: incomplete final record (torn write), skipped");
    assertThat(r.out()).contains("TOTAL,USD,6,6");
  }

  @Test
  void badOptionsExit2WithTheReason(@TempDir Path dir) {
    Path ledger = scriptedRun(dir);
    assertThat(CliRun.of("cost", "report", "--ledger", ledger.toString(), "--by", "colour").err())
        .contains("grouping: must be tag:KEY, model, logical-model, provider or day");
    assertThat(CliRun.of("cost", "report", "--ledger", ledger.toString(), "--format", "xml").code())
        .isEqualTo(2);
    assertThat(
            CliRun.of("cost", "report", "--ledger", ledger.toString(), "--since", "yesterday")
                .err())
        .contains("--since yesterday: must be a date");
    assertThat(CliRun.of("cost", "report").err()).contains("no ledger");
    CliRun missing =
        CliRun.of("cost", "report", "--ledger", dir.resolve("missing.jsonl").toString());
    assertThat(missing.code()).as("a missing input file is a usage error").isEqualTo(2);
    assertThat(missing.err()).contains("--ledger ").contains("missing.jsonl: no such file");
  }

  @Test
  void aChatOverAHardBudgetIsRefusedBeforeSendingNamingTheBudget(@TempDir Path dir)
      throws Exception {
    Path ledger = dir.resolve("ledger.jsonl");
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(
        config,
        """
        providers:
          mock: { type: mock }
        models:
          assistant: { provider: mock, model: mock-chat-1 }
        pricing:
          overrides: [ { provider: mock, model: "*", input-per-million: 1000, output-per-million: 1000 } ]
        budgets:
          - { name: cardiology-monthly, match: { department: cardiology }, limit: 0.01, period: month, mode: hard }
        ledger: { type: file, path: "%s" }
        """
            .formatted(ledger.toString().replace("\\", "/")));
    CliRun refused =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--tag",
            "department=cardiology",
            "--max-tokens",
            "100",
            "Summarize: patient stable.");
    assertThat(refused.code()).isEqualTo(SwitchboardCli.BUDGET_REFUSED);
    assertThat(refused.err())
        .contains("hard budget 'cardiology-monthly'")
        .contains("refused before sending");
    CliRun other =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--json",
            "--tag",
            "department=oncology",
            "Hello.");
    assertThat(other.code()).isZero();
    assertThat(new ObjectMapper().readTree(other.out()).path("cost").path("currency").asText())
        .isEqualTo("USD");
    CliRun report =
        CliRun.of(
            "cost",
            "report",
            "--config",
            config.toString(),
            "--by",
            "tag:department",
            "--format",
            "csv");
    assertThat(report.out()).contains("oncology,USD,1,1").doesNotContain("cardiology");
  }
}
