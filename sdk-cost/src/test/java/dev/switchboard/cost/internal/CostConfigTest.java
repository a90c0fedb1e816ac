package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetPeriod;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.ConfigException;
import dev.switchboard.error.UnknownPriceException;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CostConfigTest {
  private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

  private static SwitchboardConfig parse(String yaml) {
    return SwitchboardConfig.parse(
        yaml, "test.yaml", Map.of("BUDGET", "500.00", "DB_PASSWORD", "s3cret")::get);
  }

  private static final String PROVIDERS =
      """
      providers:
        foundry-us: { type: recording, endpoint: "https://contoso.example" }
        gpu-ward:
          type: recording
          endpoint: "http://gpu01.example:11434"
          pricing: { per-gpu-second: 0.0008, input-per-million: 0.05 }
      models:
        summary: { provider: foundry-us, model: gpt-4.1-mini }
        local: { provider: gpu-ward, model: "llama3.1:8b" }
      default-model: summary
      """;

  @Test
  void readsPricingBudgetsAndLedger(@TempDir Path dir) {
    SwitchboardConfig c =
        parse(
            PROVIDERS
                + """
        pricing:
          catalog: builtin
          unknown: flag
          default-max-output-tokens: 2048
          overrides:
            - { provider: foundry-us, model: gpt-4.1-mini, input-per-million: 0.44, output-per-million: 1.76, effective-from: 2026-01-01 }
        budgets:
          - { match: { department: cardiology }, limit: "${BUDGET}", currency: USD, period: month, mode: hard }
          - { name: oncology-daily, match: { department: oncology }, limit: 25, period: day, mode: soft, zone: Europe/Berlin }
        ledger: { type: file, path: %s, sync: os }
        """
                    .formatted(dir.resolve("ledger.jsonl")));
    CostSettings cost = CostTracking.from(c).orElseThrow().settings();
    assertThat(cost.unknownPrice()).isEqualTo(UnknownPricePolicy.FLAG);
    assertThat(cost.defaultMaxOutputTokens()).isEqualTo(2048);
    assertThat(
            cost.catalog()
                .find("foundry-us", "recording", "gpt-4.1-mini", NOW)
                .orElseThrow()
                .inputPerMillion())
        .isEqualByComparingTo("0.44");
    assertThat(
            cost.catalog()
                .find("foundry-eu", "foundry", "gpt-4.1-mini", NOW)
                .orElseThrow()
                .inputPerMillion())
        .isEqualByComparingTo("0.40");
    assertThat(
            cost.catalog()
                .find("gpu-ward", "recording", "anything", NOW)
                .orElseThrow()
                .perGpuSecond())
        .isEqualByComparingTo("0.0008");
    Budget first = cost.budgets().get(0);
    assertThat(first.name()).isEqualTo("department=cardiology/month");
    assertThat(first.limit()).isEqualByComparingTo("500.00");
    assertThat(first.mode()).isEqualTo(BudgetMode.HARD);
    Budget second = cost.budgets().get(1);
    assertThat(second.period()).isEqualTo(BudgetPeriod.DAY);
    assertThat(second.mode()).isEqualTo(BudgetMode.SOFT);
    assertThat(second.zone()).isEqualTo(ZoneId.of("Europe/Berlin"));
    assertThat(cost.ledger().kind()).isEqualTo(LedgerSettings.Kind.FILE);
    assertThat(cost.ledger().sync()).isEqualTo(CostLedger.Sync.OS);
  }

  @Test
  void jdbcLedgerPasswordIsASecret() {
    SwitchboardConfig c =
        parse(
            PROVIDERS
                + """
        ledger: { type: jdbc, url: "jdbc:postgresql://db.example/switchboard", user: app, password: "${DB_PASSWORD}" }
        """);
    LedgerSettings l = CostTracking.from(c).orElseThrow().settings().ledger();
    assertThat(l.kind()).isEqualTo(LedgerSettings.Kind.JDBC);
    assertThat(l.password().orElseThrow().reveal()).isEqualTo("s3cret");
    assertThat(l.toString()).doesNotContain("s3cret");
  }

  @Test
  void withoutCostSectionsTheBuiltinCatalogBlocksUnknownModelsAndNothingIsRecorded() {
    CostSettings cost = CostTracking.from(parse(PROVIDERS)).orElseThrow().settings();
    assertThat(cost.catalog().name()).isEqualTo("switchboard-builtin");
    assertThat(cost.unknownPrice()).isEqualTo(UnknownPricePolicy.BLOCK);
    assertThat(cost.budgets()).isEmpty();
    assertThat(cost.ledger().kind()).isEqualTo(LedgerSettings.Kind.NONE);
  }

  @Test
  void everyProblemIsListedByPath() {
    assertThatThrownBy(
            () ->
                parse(
                    PROVIDERS.replace("input-per-million: 0.05", "input-per-million: lots")
                        + """
        pricing:
          unknown: maybe
          catalog: ./no-such-catalog.yaml
          overrides:
            - { model: x, input-per-million: -1 }
            - { model: y, currency: EUR, input-per-million: 1 }
            - { output-per-million: 1 }
        budgets:
          - { match: { department: cardiology }, period: week }
          - { limit: ten, mode: harsh, zone: Mars/Olympus }
          - { limit: 1, currency: EUR }
        ledger: { type: jdbc, url: "postgres://no-jdbc-prefix", pasword: x }
        """))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .contains(
                        "providers.gpu-ward.pricing.input-per-million: must be a decimal number such as 0.40",
                        "pricing.unknown: must be one of block, flag",
                        "pricing.catalog: (./no-such-catalog.yaml) (file): does not exist",
                        "pricing.overrides[0].input-per-million: must not be negative",
                        "pricing.overrides[1].currency: must be USD, the price catalog's currency",
                        "pricing.overrides[2].model: is required (use \"*\" for every model)",
                        "budgets[0].limit: is required",
                        "budgets[0].period: must be one of all-time, day, month",
                        "budgets[1].limit: must be a decimal number such as 0.40",
                        "budgets[1].mode: must be one of hard, soft; did you mean 'hard'?",
                        "budgets[1].zone: must be a time zone such as UTC or Europe/Berlin",
                        "budgets[2].currency: must be USD, the price catalog's currency",
                        "ledger.url: must be a JDBC URL (jdbc:postgresql://...)",
                        "ledger.pasword: unknown key; did you mean 'password'?"));
  }

  @Test
  void aClientFromConfigTracksCostWithProviderPricingAndItsBudgets(@TempDir Path dir) {
    SwitchboardConfig c =
        parse(
            PROVIDERS
                + """
        pricing:
          overrides: [ { provider: foundry-us, model: gpt-4.1-mini, input-per-million: 0.40, output-per-million: 1.60, max-output-tokens: 1000 } ]
        budgets:
          - { name: cardiology, match: { department: cardiology }, limit: 0.001, mode: hard }
        ledger: { path: %s }
        """
                    .formatted(dir.resolve("ledger.jsonl")));
    ScriptedProvider foundry =
        MeteringTest.scripted("foundry-us")
            .always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    ScriptedProvider gpu =
        MeteringTest.scripted("gpu-ward").always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    try (ModelClient client = ModelClient.builder(c).provider(foundry).provider(gpu).build()) {
      // 1,000 x 0.40 + 100 x 1.60 = 560 per million
      assertThat(client.chat("hello").cost().orElseThrow().amount())
          .isEqualByComparingTo("0.00056");
      // the local model: 1,000 x 0.05 per million plus its wall time at 0.0008 per second
      assertThat(
              client
                  .chat(
                      dev.switchboard.chat.ChatRequest.builder().model("local").user("hi").build())
                  .cost()
                  .orElseThrow()
                  .amount())
          .isGreaterThanOrEqualTo(new java.math.BigDecimal("0.00005"));
      assertThatThrownBy(
              () ->
                  client.chat(
                      dev.switchboard.chat.ChatRequest.builder()
                          .user("x")
                          .maxOutputTokens(1000)
                          .tag("department", "cardiology")
                          .build()))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("'cardiology'");
    }
    assertThat(CostLedger.file(dir.resolve("ledger.jsonl")).readAll().records()).hasSize(2);
  }

  @Test
  void aClientFromConfigBlocksModelsWithoutAPrice() {
    SwitchboardConfig c =
        parse(
            PROVIDERS.replace(
                "pricing: { per-gpu-second: 0.0008, input-per-million: 0.05 }",
                "max-connections: 2"));
    ScriptedProvider foundry = MeteringTest.scripted("foundry-us");
    try (ModelClient client = ModelClient.builder(c).provider(foundry).build()) {
      // gpt-4.1-mini is in the bundled catalog for any provider; llama on a provider of type
      // recording is not
      assertThat(client.chat("hello").cost()).isPresent();
      assertThatThrownBy(
              () ->
                  client.chat(
                      dev.switchboard.chat.ChatRequest.builder().model("local").user("hi").build()))
          .isInstanceOf(UnknownPriceException.class)
          .hasMessageContaining("'gpu-ward'");
    }
    try (ModelClient off =
        ModelClient.builder(c).provider(foundry).without(CostTracking.NAME).build()) {
      assertThat(off.chat("hello").cost()).isEmpty();
    }
  }
}
