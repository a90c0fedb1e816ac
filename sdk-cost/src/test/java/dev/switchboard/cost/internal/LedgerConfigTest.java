package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code ledger} section's file checks and its unreadable-line option. */
class LedgerConfigTest {
  @TempDir Path dir;

  private static final String PROVIDERS =
      """
      providers:
        foundry-us: { type: recording, endpoint: "https://contoso.example" }
      models:
        summary: { provider: foundry-us, model: gpt-4.1-mini }
      """;

  private SwitchboardConfig parse(String ledger) {
    return SwitchboardConfig.parse(PROVIDERS + ledger, "test.yaml", Map.<String, String>of()::get);
  }

  @Test
  void aLedgerPathThatIsADirectoryIsAConfigProblemWithItsPath() {
    assertThatThrownBy(() -> parse("ledger: { type: file, path: \"%s\" }\n".formatted(dir)))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("ledger.path: is a directory"));
  }

  @Test
  void aLedgerPathUnderAFileIsAConfigProblemWithItsPath() throws Exception {
    Path notADir = Files.writeString(dir.resolve("plain.txt"), "x");
    String yaml = "ledger: { path: \"%s\" }\n".formatted(notADir.resolve("ledger.jsonl"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith("ledger.path: cannot be created (")
                    .endsWith("plain.txt is not a directory)"));
  }

  @Test
  void aLedgerFileNotYetCreatedInAWritableDirectoryIsAccepted() {
    SwitchboardConfig c =
        parse("ledger: { path: \"%s\" }\n".formatted(dir.resolve("new/ledger.jsonl")));
    assertThat(CostTracking.from(c).orElseThrow().settings().ledger().kind())
        .isEqualTo(LedgerSettings.Kind.FILE);
  }

  @Test
  void unreadableLineCostIsReadAsADecimal() {
    SwitchboardConfig c =
        parse(
            "ledger: { path: \"%s\", unreadable-line-cost: \"2.50\" }\n"
                .formatted(dir.resolve("ledger.jsonl")));
    assertThat(
            CostTracking.from(c)
                .orElseThrow()
                .settings()
                .ledger()
                .unreadableLineCost()
                .orElseThrow())
        .isEqualByComparingTo("2.50");
  }

  @Test
  void aNegativeUnreadableLineCostIsAProblemWithItsPath() {
    String yaml =
        "ledger: { path: \"%s\", unreadable-line-cost: -1 }\n"
            .formatted(dir.resolve("ledger.jsonl"));
    assertThatThrownBy(() -> parse(yaml))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("ledger.unreadable-line-cost: must not be negative"));
  }
}
