package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.BudgetExceededException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A call the hard budget refuses reaches no vendor, and its audit outcome says so: reason {@code
 * BUDGET_EXCEEDED}, not a vendor failure, next to the decision record written before it.
 */
class BudgetRefusalAuditTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  @Test
  void aBudgetRefusalIsAuditedAsBudgetExceededNotAsAProviderFailure() throws Exception {
    String yaml =
        """
        providers:
          zone-us:
            type: mock
            pricing: { input-per-million: 1000, output-per-million: 1000 }
            profile: { kind: CLOUD_DIRECT, deployment: DATAZONE_US, regions: [eastus],
                       human-review: false, environment: prod, baa: { ref: MSFT-BAA } }
        models:
          notes: { provider: zone-us, model: gpt-4.1 }
        budgets:
          - { name: tiny, limit: 0.01, period: month, mode: hard }
        ledger: { type: file, path: ledger.jsonl }
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted("k".repeat(40));
    SwitchboardConfig config =
        SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
    ChatRequest request =
        ChatRequest.builder()
            .model("notes")
            .user("Summarize: stable, discharge home.")
            .maxOutputTokens(500)
            .compliance(ComplianceTags.phi(PurposeOfUse.TREAT))
            .build();

    try (ModelClient client = ModelClient.builder().config(config).build()) {
      assertThatThrownBy(() -> client.chat(request)).isInstanceOf(BudgetExceededException.class);
    }

    List<JsonNode> records = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl")))
      records.add(JSON.readTree(line));
    JsonNode decision = only(records, "ai.decision");
    JsonNode outcome = only(records, "ai.response");
    assertThat(decision.toString()).contains("\"decision\":\"ALLOW\"");
    assertThat(outcome.toString())
        .contains("\"outcome\":8")
        .contains("\"reasonCodes\":[\"BUDGET_EXCEEDED\"]")
        .contains("BudgetExceededException")
        .doesNotContain("PROVIDER_FAILED");
    // Nothing was sent, so nothing was billed.
    Path ledger = dir.resolve("ledger.jsonl");
    assertThat(!Files.exists(ledger) || Files.readAllLines(ledger).isEmpty()).isTrue();
  }

  private static JsonNode only(List<JsonNode> records, String eventType) {
    List<JsonNode> matching =
        records.stream()
            .filter(r -> r.findValue("eventType") != null)
            .filter(r -> r.findValue("eventType").asText().equals(eventType))
            .toList();
    assertThat(matching).as(eventType + " records").hasSize(1);
    return matching.get(0);
  }
}
