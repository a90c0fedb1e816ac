package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The compliance demo through the tool: routing decision in --json, refusals, audit verify and
 * export.
 */
class ComplianceCliTest {
  @TempDir Path dir;
  Path config;

  @BeforeEach
  void copyDemo() throws Exception {
    config = dir.resolve("switchboard.yaml");
    Files.copy(Path.of("compliance-demo/switchboard.yaml"), config);
  }

  @Test
  void phiForTreatmentRoutesPastTheGlobalDeploymentAndShowsTheDecision() throws Exception {
    CliRun r =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--json",
            "--data-class",
            "PHI",
            "--purpose",
            "TREAT",
            "Summarize: chest pain, troponin negative, discharge home.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = new ObjectMapper().readTree(r.out());
    assertThat(json.path("provider").asText()).isEqualTo("foundry-us");
    JsonNode c = json.path("compliance");
    assertThat(c.path("decision").asText()).isEqualTo("ROUTE");
    assertThat(c.path("eligibleProviders").toString()).isEqualTo("[\"foundry-us\",\"gpu-ward\"]");
    assertThat(c.path("ruleIds").toString()).contains("phi-needs-baa");
    assertThat(c.path("auditEventId").asText()).isNotBlank();
    assertThat(c.path("transformations").isArray()).isTrue();
  }

  @Test
  void jsonShowsWhyEachProviderWasExcludedAndTheDeclaredNextToTheEffectiveTags() throws Exception {
    CliRun r =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--json",
            "--data-class",
            "INTERNAL",
            "--purpose",
            "TREAT",
            "Patient on methadone, SSN 536-22-8174, stable.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode c = new ObjectMapper().readTree(r.out()).path("compliance");
    JsonNode excluded = c.path("excludedProviders");
    assertThat(excluded.get(0).path("provider").asText()).isEqualTo("foundry-global");
    assertThat(excluded.get(0).path("codes").toString())
        .contains("BAA_REQUIRED", "DEPLOYMENT_NOT_ALLOWED", "HUMAN_REVIEW", "KIND_NOT_ALLOWED");
    assertThat(excluded.get(0).path("reasons").get(0).path("ruleId").asText()).isNotBlank();
    assertThat(c.path("declaredTags").path("dataClass").asText()).isEqualTo("INTERNAL");
    assertThat(c.path("effectiveTags").path("dataClass").asText()).isEqualTo("PHI");
    assertThat(c.path("effectiveTags").path("sensitivity").toString()).contains("SUD");
    assertThat(c.path("raisedTags").toString()).contains("finding:SSN", "lexicon:");
    assertThat(c.path("labels").toString()).contains("AIAST");
    assertThat(c.path("refrains").toString()).contains("NORDSCLCD");
    assertThat(r.out()).doesNotContain("536-22-8174");

    CliRun refused =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--json",
            "--data-class",
            "PHI",
            "--purpose",
            "TREAT",
            "--pin-provider",
            "foundry-global",
            "hello");
    assertThat(refused.code()).isEqualTo(SwitchboardCli.POLICY_REFUSED);
    JsonNode why = new ObjectMapper().readTree(refused.out()).path("error");
    assertThat(why.path("refusal").asText()).isEqualTo("PINNED_PROVIDER_INELIGIBLE");
    assertThat(why.path("excludedProviders").get(0).path("codes").toString())
        .contains("BAA_REQUIRED", "RESIDENCY_VIOLATION");
  }

  @Test
  void refusalsExitWithTheCodeAndTheAuditVerifies() {
    CliRun blocked =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--data-class",
            "PHI",
            "--purpose",
            "TREAT",
            "--sensitivity",
            "PSYTHPN",
            "session notes");
    assertThat(blocked.code()).isEqualTo(SwitchboardCli.POLICY_REFUSED);
    assertThat(blocked.err()).contains("PSYCHOTHERAPY_NOTES_EXCLUDED", "audit event");
    CliRun pinned =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--data-class",
            "PHI",
            "--purpose",
            "TREAT",
            "--pin-provider",
            "foundry-global",
            "hello");
    assertThat(pinned.err()).contains("PINNED_PROVIDER_INELIGIBLE");
    CliRun verify = CliRun.of("audit", "verify", "--config", config.toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("intact: 4 records");
  }

  @Test
  void verifyNamesAnEditedRecordAndExportWritesFhir() throws Exception {
    CliRun.of(
        "chat",
        "--config",
        config.toString(),
        "--data-class",
        "PUBLIC",
        "--purpose",
        "TREAT",
        "hello");
    Path audit = dir.resolve("switchboard-audit.jsonl");
    CliRun export = CliRun.of("audit", "export", "--fhir", "--file", audit.toString());
    JsonNode bundle = new ObjectMapper().readTree(export.out());
    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
    assertThat(bundle.path("entry").get(0).path("resource").path("resourceType").asText())
        .isEqualTo("AuditEvent");
    List<String> lines = Files.readAllLines(audit);
    lines.set(1, lines.get(1).replace("\"ALLOW\"", "\"BLOCK\""));
    Files.write(audit, lines);
    CliRun verify = CliRun.of("audit", "verify", "--file", audit.toString());
    assertThat(verify.code()).isEqualTo(SwitchboardCli.CHAIN_BROKEN);
    assertThat(verify.out()).contains("BROKEN at seq 1", "EDITED");
  }

  @Test
  void badComplianceOptionsAreUsageErrors() {
    CliRun r =
        CliRun.of(
            "chat",
            "--config",
            config.toString(),
            "--data-class",
            "SECRET",
            "--purpose",
            "TREAT",
            "x");
    assertThat(r.code()).isEqualTo(SwitchboardCli.USAGE);
    assertThat(r.err()).contains("--data-class");
  }
}
