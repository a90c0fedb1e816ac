package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A soft budget over its limit shows in {@code --json} and on stderr, whatever the log level. */
class BudgetWarningCliTest {
  @TempDir Path dir;

  @Test
  void aSoftBudgetOverItsLimitIsInTheJsonAndOnStderr() throws Exception {
    Path config = dir.resolve("sb.yaml");
    Files.writeString(
        config,
        """
        providers:
          m: { type: mock, pricing: { input-per-million: 1.00, output-per-million: 2.00 } }
        models:
          a: { provider: m, model: x }
        budgets:
          - { name: pilot, limit: 0, mode: soft }
        """);
    CliRun r = CliRun.of("chat", "--json", "--config", config.toString(), "hello");
    assertThat(r.code()).isZero();
    JsonNode budget = new ObjectMapper().readTree(r.out()).path("budgets").path(0);
    assertThat(budget.path("budget").asText()).isEqualTo("pilot");
    assertThat(budget.path("mode").asText()).isEqualTo("soft");
    assertThat(budget.path("limit").asText()).isEqualTo("0");
    assertThat(budget.path("overSoftLimit").asBoolean()).isTrue();
    assertThat(r.err()).contains("warning: soft budget 'pilot' is over its limit in period ");
  }
}
