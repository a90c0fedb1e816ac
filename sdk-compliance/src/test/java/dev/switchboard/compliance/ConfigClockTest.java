package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config's {@code clock:} is the client's one clock: it decides BAA expiry and stamps the audit
 * records, as {@code ModelClientBuilder.clock} does in code.
 */
class ConfigClockTest {
  @TempDir Path dir;

  private SwitchboardConfig config(String instant) {
    String yaml =
        """
        providers:
          zone-us:
            type: recording
            endpoint: "http://127.0.0.1:9"
            reply: fine
            profile: { kind: cloud, deployment: datazone-us, regions: [eastus], human-review: false,
                       baa: { ref: MSFT-BAA, expires: 2027-12-31 } }
        models:
          notes: { provider: zone-us, model: gpt-4o-mini }
        clock: { fixed: "%s" }
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted(instant, "k".repeat(40));
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
  }

  private static ChatRequest phi() {
    return ChatRequest.builder()
        .model("notes")
        .user("Summarize: stable.")
        .compliance(ComplianceTags.phi(PurposeOfUse.TREAT))
        .build();
  }

  @Test
  void theConfiguredClockDecidesBaaExpiryAndStampsTheAuditRecords() throws Exception {
    try (ModelClient client =
        ModelClient.builder().config(config("2027-06-01T08:00:00Z")).build()) {
      assertThat(client.chat(phi()).text()).isEqualTo("fine");
    }
    try (ModelClient client =
        ModelClient.builder().config(config("2028-01-02T08:00:00Z")).build()) {
      assertThatThrownBy(() -> client.chat(phi()))
          .isInstanceOfSatisfying(
              ComplianceViolationException.class,
              e -> assertThat(e.exclusions().get(0).codes()).containsExactly(Code.BAA_EXPIRED));
    }
    List<String> lines = Files.readAllLines(dir.resolve("audit.jsonl"));
    assertThat(lines.get(0)).contains("\"recorded\":\"2027-06-01T08:00");
    assertThat(lines.get(lines.size() - 1)).contains("\"recorded\":\"2028-01-02T08:00");
    assertThat(AuditVerifier.verifyFile(dir.resolve("audit.jsonl"), null).intact()).isTrue();
  }

  @Test
  void aClockThatIsNotAnInstantIsAConfigProblemWithItsPath() {
    assertThatThrownBy(() -> config("next tuesday"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "clock.fixed: must be an instant such as 2026-03-01T09:00:00Z"));
  }
}
