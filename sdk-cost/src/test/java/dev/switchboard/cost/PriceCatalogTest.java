package dev.switchboard.cost;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PriceCatalogTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  @Test
  void builtinCatalogHasItsDateCurrencyAndCommonModels() {
    PriceCatalog c = PriceCatalog.builtin();
    assertThat(c.asOf()).isEqualTo(LocalDate.of(2025, 11, 15));
    assertThat(c.currency()).isEqualTo("USD");
    for (String model :
        List.of(
            "gpt-4.1",
            "gpt-4.1-mini",
            "gpt-4.1-nano",
            "gpt-4o",
            "gpt-4o-mini",
            "o3",
            "o4-mini",
            "text-embedding-3-small",
            "text-embedding-3-large",
            "claude-sonnet-4-5",
            "claude-haiku-4-5")) {
      assertThat(c.find("foundry-us", "foundry", model, NOW)).as(model).isPresent();
    }
    Price mini = c.find("foundry-us", "foundry", "gpt-4.1-mini", NOW).orElseThrow();
    assertThat(mini.inputPerMillion()).isEqualByComparingTo("0.40");
    assertThat(mini.cachedInputPerMillion()).isEqualByComparingTo("0.10");
    assertThat(mini.outputPerMillion()).isEqualByComparingTo("1.60");
    assertThat(mini.maxOutputTokens()).hasValue(32_768);
  }

  @Test
  void localModelsAreFreeButPriced() {
    Price local =
        PriceCatalog.builtin().find("gpu-ward", "ollama", "llama3.1:8b", NOW).orElseThrow();
    assertThat(local.isFree()).isTrue();
  }

  @Test
  void unknownModelOrUnknownTypeHasNoPrice() {
    assertThat(PriceCatalog.builtin().find("foundry-us", "foundry", "my-custom-deployment", NOW))
        .isEmpty();
    // a local-looking model on a provider of unknown type is not assumed free
    assertThat(PriceCatalog.builtin().find("gpu-ward", null, "llama3.1:8b", NOW)).isEmpty();
  }

  @Test
  void datedModelNamesFallBackToTheirFamily() {
    PriceCatalog c = PriceCatalog.builtin();
    assertThat(c.find("f", "foundry", "gpt-4.1-mini-2025-04-14", NOW).orElseThrow().model())
        .isEqualTo("gpt-4.1-mini");
    assertThat(c.find("f", "foundry", "claude-sonnet-4-5-20250929", NOW).orElseThrow().model())
        .isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void effectiveDatesSelectThePriceInForceOnTheDayOfTheCall() {
    PriceCatalog c = PriceCatalog.builtin();
    assertThat(
            c.find("f", "foundry", "o3", Instant.parse("2025-05-01T00:00:00Z"))
                .orElseThrow()
                .inputPerMillion())
        .isEqualByComparingTo("10.00");
    assertThat(
            c.find("f", "foundry", "o3", Instant.parse("2025-06-10T00:00:00Z"))
                .orElseThrow()
                .inputPerMillion())
        .isEqualByComparingTo("2.00");
    assertThat(c.find("f", "foundry", "o3", Instant.parse("2025-01-01T00:00:00Z"))).isEmpty();
  }

  @Test
  void mostSpecificPatternWinsWithinALayer() {
    PriceCatalog c =
        PriceCatalog.of(
            "t",
            LocalDate.of(2026, 1, 1),
            "USD",
            List.of(
                Price.builder().model("*").inputPerMillion("1").build(),
                Price.builder().model("llama*").inputPerMillion("2").build(),
                Price.builder().model("llama3.1:70b").inputPerMillion("3").build(),
                Price.builder().provider("gpu-ward").model("llama*").inputPerMillion("4").build()));
    assertThat(c.find("x", null, "mistral", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("1");
    assertThat(c.find("x", null, "LLAMA3.1:8b", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("2");
    assertThat(c.find("x", null, "llama3.1:70b", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("3");
    assertThat(c.find("gpu-ward", null, "llama3.1:8b", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("4");
  }

  @Test
  void overridesWinOverTheCatalogTheyWereAddedTo() {
    PriceCatalog c =
        PriceCatalog.builtin()
            .withOverrides(
                List.of(
                    Price.builder()
                        .provider("foundry-us")
                        .model("*")
                        .inputPerMillion("0.01")
                        .outputPerMillion("0.02")
                        .build()));
    assertThat(c.find("foundry-us", "foundry", "gpt-4.1", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("0.01");
    assertThat(c.find("foundry-eu", "foundry", "gpt-4.1", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("2.00");
  }

  @Test
  void oneCatalogCountsInOneCurrency() {
    assertThatThrownBy(
            () ->
                PriceCatalog.builtin()
                    .withOverrides(
                        List.of(
                            Price.builder()
                                .currency("EUR")
                                .model("*")
                                .inputPerMillion("1")
                                .build())))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be USD");
  }

  @Test
  void catalogFileLoadsAndReportsEveryProblemByPath(@TempDir Path dir) throws Exception {
    Path good = dir.resolve("prices.yaml");
    Files.writeString(
        good,
        "name: hospital-2026\nas-of: 2026-01-15\ncurrency: EUR\nprices:\n"
            + "  - { model: gpt-4.1, input-per-million: 1.85, output-per-million: 7.40 }\n");
    PriceCatalog c = PriceCatalog.load(good);
    assertThat(c.currency()).isEqualTo("EUR");
    assertThat(c.find("any", null, "gpt-4.1", NOW).orElseThrow().inputPerMillion())
        .isEqualByComparingTo("1.85");

    Path bad = dir.resolve("bad.yaml");
    Files.writeString(
        bad,
        "name: x\nas-of: yesterday\nprices:\n  - { model: a, input-per-million: cheap }\n"
            + "  - { model: b }\n  - { input-per-million: 1, colour: red }\n");
    assertThatThrownBy(() -> PriceCatalog.load(bad))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactlyInAnyOrder(
                        "as-of: must be a date such as 2026-01-31",
                        "prices[0].input-per-million: must be a decimal number such as 0.40",
                        "prices[1]: needs at least one rate: cached-input-per-million, embedding-per-million, input-per-million, "
                            + "output-per-million, per-gpu-second, reasoning-per-million",
                        "prices[2].model: is required (use \"*\" for every model)",
                        "prices[2].colour: unknown key"));
  }
}
