package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.usage.BudgetCharge;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One clock, from the builder or from the config's {@code clock:}, drives BAA expiry, audit time
 * stamps and budget periods together: moving it across midnight on New Year's Eve expires the cloud
 * BAA, starts a new monthly budget period (December's spend no longer counts) and stamps the audit
 * records with the moved time.
 */
class OneClockTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NEW_YEARS_EVE = Instant.parse("2027-12-31T23:30:00Z");

  @TempDir Path dir;

  /** A cloud deployment whose BAA ends with 2027 and an on-prem fallback; a monthly budget. */
  private SwitchboardConfig config(String clockSection) {
    String yaml =
        """
        providers:
          zone-us:
            type: mock
            pricing: { input-per-million: 1000, output-per-million: 1000 }
            profile: { kind: CLOUD_DIRECT, deployment: DATAZONE_US, regions: [eastus],
                       human-review: false, environment: prod,
                       baa: { ref: MSFT-BAA, expires: 2027-12-31 } }
          gpu-ward:
            type: mock
            pricing: { input-per-million: 1000, output-per-million: 1000 }
            profile: { kind: ON_PREM, country: US, region: MN, environment: prod }
        models:
          notes:
            strategy: failover
            targets: [ { provider: zone-us, model: gpt-4.1 }, { provider: gpu-ward, model: llama } ]
        pricing: { unknown: flag }
        budgets:
          - { name: monthly, limit: 1000, period: month, mode: hard }
        ledger: { type: file, path: ledger.jsonl }
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        %s
        """
            .formatted("k".repeat(40), clockSection);
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
  }

  private static ChatRequest phi() {
    return ChatRequest.builder()
        .model("notes")
        .user("Summarize: stable, discharge home.")
        .maxOutputTokens(50)
        .compliance(ComplianceTags.phi(PurposeOfUse.TREAT))
        .build();
  }

  private static BudgetCharge monthly(ChatResponse r) {
    assertThat(r.budgets()).hasSize(1);
    return r.budgets().get(0);
  }

  private List<JsonNode> auditDecisions() throws Exception {
    List<JsonNode> out = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      JsonNode n = JSON.readTree(line);
      if (n.toString().contains("\"eligible\"")) out.add(n);
    }
    return out;
  }

  private static List<Code> exclusionCodes(ChatResponse r, String provider) {
    return r.compliance().orElseThrow().excludedProviders().stream()
        .filter(e -> e.provider().equals(provider))
        .findFirst()
        .map(ProviderExclusion::codes)
        .orElse(List.of());
  }

  @Test
  void theBuildersClockMovesBaaExpiryBudgetPeriodAndAuditTimeTogether() throws Exception {
    // The mock module's virtual clock: moving it an hour moves wall time and monotonic time, and
    // the next call still has its whole deadline.
    VirtualClock clock = new VirtualClock(NEW_YEARS_EVE);
    try (ModelClient client = ModelClient.builder().config(config("")).clock(clock).build()) {
      ChatResponse first = client.chat(phi());
      ChatResponse second = client.chat(phi());
      assertThat(first.provider()).isEqualTo("zone-us");
      assertThat(monthly(first).period()).isEqualTo("2027-12");
      // December's first call is spent when the second is admitted.
      assertThat(monthly(second).used()).isGreaterThan(monthly(first).used());

      clock.advance(Duration.ofHours(1)); // 2028-01-01T00:30Z

      ChatResponse january = client.chat(phi());
      // The BAA expired at the end of 2027 under the same clock: the cloud is excluded, the
      // on-prem fallback serves.
      assertThat(january.provider()).isEqualTo("gpu-ward");
      assertThat(exclusionCodes(january, "zone-us")).contains(Code.BAA_EXPIRED);
      // A new period: nothing of December's spend counts.
      assertThat(monthly(january).period()).isEqualTo("2028-01");
      assertThat(monthly(january).used()).isLessThan(monthly(second).used());
    }
    List<JsonNode> decisions = auditDecisions();
    assertThat(decisions).hasSize(3);
    assertThat(decisions.get(0).toString()).contains("2027-12-31T23:30");
    assertThat(decisions.get(2).toString()).contains("2028-01-01T00:30");
  }

  @Test
  void theConfigsClockDrivesTheSameThreeAcrossARestart() throws Exception {
    ChatResponse december;
    try (ModelClient client =
        ModelClient.builder()
            .config(config("clock: { fixed: \"2027-12-31T23:30:00Z\" }"))
            .build()) {
      client.chat(phi());
      december = client.chat(phi());
      assertThat(december.provider()).isEqualTo("zone-us");
      assertThat(monthly(december).period()).isEqualTo("2027-12");
    }
    // A new process an hour later: the budget store is seeded from the ledger file, under the
    // config's clock, so December's spend stays in December.
    try (ModelClient client =
        ModelClient.builder()
            .config(config("clock: { fixed: \"2028-01-01T00:30:00Z\" }"))
            .build()) {
      ChatResponse january = client.chat(phi());
      assertThat(january.provider()).isEqualTo("gpu-ward");
      assertThat(exclusionCodes(january, "zone-us")).contains(Code.BAA_EXPIRED);
      assertThat(monthly(january).period()).isEqualTo("2028-01");
      assertThat(monthly(january).used()).isLessThan(monthly(december).used());
    }
    List<JsonNode> decisions = auditDecisions();
    assertThat(decisions).hasSize(3);
    assertThat(decisions.get(1).toString()).contains("2027-12-31T23:30");
    assertThat(decisions.get(2).toString()).contains("2028-01-01T00:30");
    // The ledger's records carry the same clock.
    String ledger = Files.readString(dir.resolve("ledger.jsonl"));
    assertThat(ledger).contains("2027-12-31T23:30").contains("2028-01-01T00:30");
  }

  @Test
  void aFixedConfigClockIsTheClientsClock() {
    SwitchboardClock c = config("clock: { fixed: \"2027-12-31T23:30:00Z\" }").clock().orElseThrow();
    assertThat(c.instant()).isEqualTo(NEW_YEARS_EVE);
  }
}
