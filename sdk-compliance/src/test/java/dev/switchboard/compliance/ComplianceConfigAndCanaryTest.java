package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.audit.AuditSettings;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.FhirAuditExport;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.internal.Json;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ConfigException;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compliance from a config file, FHIR export, and the canary: no PHI in logs, messages or audit
 * records.
 */
class ComplianceConfigAndCanaryTest {
  static final String KEY = "k".repeat(40);
  @TempDir Path dir;

  private String config(String policyFile) {
    return """
        providers:
          zone-us:
            type: recording
            endpoint: http://127.0.0.1:9
            profile: { kind: cloud, deployment: datazone-us, regions: [eastus, eastus2],
                       baa: { ref: MSFT-BAA, expires: 2099-12-31 }, human-review: false, modalities: [TEXT, EMBEDDING] }
          gpu-ward:
            type: recording
            endpoint: http://127.0.0.1:9
            profile: { kind: on-prem, country: US, region: MN }
        models:
          notes:
            targets: [ { provider: zone-us, model: gpt-4o-mini }, { provider: gpu-ward, model: "llama3.1:8b" } ]
        compliance: { policy: %s, detector: { min-confidence: 0.5 }, audit-key: "${AUDIT_KEY}" }
        audit: { type: file, path: audit/trail.jsonl }
        """
        .formatted(policyFile);
  }

  @Test
  void aConfigWithProfilesPolicyAndFileAuditBuildsACompliantClient() throws Exception {
    writeExamplePolicy();
    Files.writeString(dir.resolve("switchboard.yaml"), config("policy.yaml"));
    SwitchboardConfig cfg =
        SwitchboardConfig.parse(
            Files.readString(dir.resolve("switchboard.yaml")),
            "sb.yaml",
            Map.of("AUDIT_KEY", KEY)::get,
            dir);
    assertThat(Compliance.from(cfg).orElseThrow().profiles().get("zone-us").deployment())
        .isEqualTo(DeploymentType.DATAZONE_US);
    assertThat(Compliance.from(cfg).orElseThrow().profiles().get("zone-us").baa()).isPresent();
    assertThat(Compliance.from(cfg).orElseThrow().profiles().get("gpu-ward").kind())
        .isEqualTo(ProviderKind.ON_PREM);
    try (ModelClient client = ModelClient.builder(cfg).build()) {
      ChatResponse r =
          client.chat(
              ChatRequest.builder()
                  .user("Summarize: stable, discharge home.")
                  .compliance(ComplianceTags.phi("TREAT"))
                  .build());
      assertThat(r.compliance().orElseThrow().eligibleProviders())
          .containsExactly("zone-us", "gpu-ward");
    }
    Path trail = dir.resolve("audit/trail.jsonl");
    assertThat(AuditVerifier.verifyFile(trail, null).records()).isEqualTo(3);
    assertThat(AuditVerifier.verifyFile(trail, null).intact()).isTrue();
  }

  @Test
  void theAuditSyncModeIsReadFromTheConfigWithGroupAsTheDefault() throws Exception {
    Map<String, AuditTrail.Sync> expected =
        Map.of(
            "",
            AuditTrail.Sync.GROUP,
            ", sync: every-record",
            AuditTrail.Sync.EVERY_RECORD,
            ", sync: group",
            AuditTrail.Sync.GROUP,
            ", sync: os",
            AuditTrail.Sync.OS,
            ", sync: decisions",
            AuditTrail.Sync.DECISIONS,
            ", sync: overlap",
            AuditTrail.Sync.OVERLAP,
            ", sync: overlap-decisions",
            AuditTrail.Sync.OVERLAP_DECISIONS,
            ", sync: true",
            AuditTrail.Sync.GROUP,
            ", sync: false",
            AuditTrail.Sync.OS);
    for (Map.Entry<String, AuditTrail.Sync> e : expected.entrySet()) {
      assertThat(auditSettings(e.getKey()).sync()).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertAuditProblem(
        ", sync: always",
        "audit.sync: must be every-record, group, decisions, overlap, overlap-decisions or os (or true/false)");
  }

  @Test
  void theFileTrailsPreallocationIsASizeAndOffByDefault() throws Exception {
    Map<String, Long> expected =
        Map.of("", 0L, ", preallocate: 256KB", 262_144L, ", preallocate: 1048576", 1_048_576L);
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      assertThat(auditSettings(e.getKey()).preallocate()).as(e.getKey()).isEqualTo(e.getValue());
    }
    assertAuditProblem(
        ", preallocate: lots", "audit.preallocate: must be a size such as 262144, 256KB or 16MB");
  }

  /** The audit settings of the example config with {@code extra} added to its audit section. */
  private AuditSettings auditSettings(String extra) throws Exception {
    writeExamplePolicy();
    String yaml =
        config("policy.yaml").replace("path: audit/trail.jsonl", "path: audit/trail.jsonl" + extra);
    SwitchboardConfig cfg =
        SwitchboardConfig.parse(yaml, "sb.yaml", Map.of("AUDIT_KEY", KEY)::get, dir);
    return Compliance.from(cfg).orElseThrow().auditSettings().orElseThrow();
  }

  /**
   * The example config with {@code extra} added to its audit section fails with {@code problem}.
   */
  private void assertAuditProblem(String extra, String problem) throws Exception {
    writeExamplePolicy();
    String bad = config("policy.yaml").replace("path: audit/trail.jsonl", "path: a.jsonl" + extra);
    assertThatThrownBy(
            () -> SwitchboardConfig.parse(bad, "sb.yaml", Map.of("AUDIT_KEY", KEY)::get, dir))
        .isInstanceOfSatisfying(
            ConfigException.class, ex -> assertThat(ex.problems()).contains(problem));
  }

  private void writeExamplePolicy() throws IOException {
    Files.writeString(
        dir.resolve("policy.yaml"),
        new String(
            getClass()
                .getResourceAsStream(
                    "/dev/switchboard/compliance/policy/example-hospital-policy.yaml")
                .readAllBytes(),
            StandardCharsets.UTF_8));
  }

  @Test
  void anInvalidPolicyOrProfileFailsTheConfigWithEveryProblem() throws Exception {
    Files.writeString(
        dir.resolve("bad-policy.yaml"),
        "version: 1\nrules:\n- {id: x, when: {dataClass: [PHX]}, obligations: [REDACT]}\n");
    String yaml =
        config("bad-policy.yaml")
            .replace("kind: on-prem", "kind: mainframe")
            .replace("datazone-us", "nowhere");
    assertThatThrownBy(
            () -> SwitchboardConfig.parse(yaml, "sb.yaml", Map.of("AUDIT_KEY", KEY)::get, dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              // The policy's code is on the exception, not only in a problem's text, even with
              // the config's own problems listed beside it.
              assertThat(e.code()).contains(CompliancePolicy.POLICY_INVALID);
              assertThat(e.problems())
                  .contains(
                      "compliance.policy: POLICY_INVALID rules[0].when.dataClass[0] (line 3:30): must be PUBLIC, INTERNAL, PHI, LDS, DEID_SAFE_HARBOR, DEID_EXPERT, SYNTHETIC or UNSPECIFIED",
                      "providers.gpu-ward.profile.kind: must be one of CLOUD_DIRECT, CLOUD_PARTNER, ON_PREM, MOCK (also cloud, cloud-partner, on-prem, ...)",
                      "providers.zone-us.profile.deployment: must be one of REGIONAL, DATAZONE_US, DATAZONE_EU, GLOBAL, LOCAL (also datazone-us, ...)");
            });
    assertThatThrownBy(
            () ->
                SwitchboardConfig.parse(
                    config("missing-policy.yaml"), "sb.yaml", Map.of("AUDIT_KEY", KEY)::get, dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.code()).contains(CompliancePolicy.POLICY_INVALID);
              assertThat(e.problems())
                  .containsExactly("compliance.policy: POLICY_INVALID (file): does not exist");
            });
    assertThatThrownBy(
            () ->
                SwitchboardConfig.parse(
                    config("builtin:example-hospital")
                        .replace("audit-key: \"${AUDIT_KEY}\"", "audit-key: short"),
                    "sb.yaml",
                    Map.<String, String>of()::get,
                    dir))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              // A config problem alone carries no document code: the policy is fine.
              assertThat(e.code()).isEmpty();
              assertThat(e.problems())
                  .anyMatch(p -> p.startsWith("compliance.audit-key: must be at least 32 bytes"));
            });
  }

  @Test
  void noCanaryReachesLogsExceptionMessagesToStringsOrAuditRecords() throws Exception {
    String name = "Quentin Canaryfield";
    String mrn = "MRN-9988776";
    String ssn = "219-09-9999";
    KnownPatient patient = KnownPatient.builder().name("Quentin", "Canaryfield").mrn(mrn).build();
    AuditKey key = AuditKey.of("k", KEY.getBytes(StandardCharsets.UTF_8));
    Path file = dir.resolve("canary.jsonl");
    ScriptedProvider cloud = ComplianceEndToEndTest.echoing("cloud");
    PrintStream err = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    StringBuilder seen = new StringBuilder();
    try (AuditTrail trail = AuditTrail.file(file);
        ModelClient client =
            ModelClient.builder()
                .provider(cloud)
                .route("m", dev.switchboard.Route.of("cloud", "gpt"))
                .with(
                    Compliance.builder()
                        .profile(
                            "cloud",
                            ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                                .deployment(DeploymentType.DATAZONE_US)
                                .baa(Baa.of("BAA", LocalDate.of(2099, 1, 1)))
                                .humanReview(false)
                                .build())
                        .policy(CompliancePolicy())
                        .auditTrail(trail)
                        .auditKey(key)
                        .detector(new CanaryDetector(name, mrn, ssn))
                        .build())
                .build()) {
      System.setErr(new PrintStream(logs, true, StandardCharsets.UTF_8));
      ComplianceTags tags =
          ComplianceTags.builder()
              .dataClass(DataClass.PHI)
              .purposeOfUse(PurposeOfUse.HOPERAT)
              .knownPatient(patient)
              .patientRef(key.hash(mrn))
              .breakGlass("patient " + name + " unresponsive")
              .build();
      ChatRequest request =
          ChatRequest.builder()
              .model("m")
              .user(name + " " + mrn + " SSN " + ssn)
              .compliance(tags)
              .build();
      ChatResponse ok = client.chat(request);
      seen.append(ok)
          .append(ok.compliance().orElseThrow())
          .append(request)
          .append(tags)
          .append(patient);
      assertThat(ok.text()).contains(name); // restored for the caller
      assertThat(cloud.sentText()).doesNotContain(name, mrn, ssn);
      ChatRequest blocked =
          request.toBuilder()
              .compliance(tags.toBuilder().addSensitivity("PSYTHPN").build())
              .build();
      assertThatThrownBy(() -> client.chat(blocked))
          .isInstanceOfSatisfying(
              ComplianceViolationException.class,
              e -> seen.append(e.getMessage()).append(e.hint()));
      cloud.always(
          ScriptedReply.fail(
              where ->
                  new dev.switchboard.error.ServiceUnavailableException(
                      "upstream down", dev.switchboard.error.ErrorContext.of("cloud", "gpt"))));
      assertThatThrownBy(() -> client.chat(request)).satisfies(e -> seen.append(e.getMessage()));
    } finally {
      System.setErr(err);
    }
    String everything =
        seen
            + logs.toString(StandardCharsets.UTF_8)
            + Files.readString(file)
            + FhirAuditExport.bundle(AuditTrail.inMemory().entries());
    try (AuditTrail trail = AuditTrail.file(file)) {
      everything += FhirAuditExport.bundle(trail.entries());
    }
    assertThat(everything).doesNotContain(name, "Canaryfield", mrn, "9988776", ssn);
    assertThat(logs.toString(StandardCharsets.UTF_8))
        .contains("failed"); // the WARN of the failed call was captured
    assertThat(Files.readString(file)).contains("[NAME]"); // the break-glass reason, masked
  }

  @Test
  void fhirExportMapsDecisionsAndResponses() throws Exception {
    ScriptedProvider zone = ComplianceEndToEndTest.echoing("zone-us");
    AuditTrail trail = AuditTrail.inMemory();
    AuditKey key = AuditKey.of("k", KEY.getBytes(StandardCharsets.UTF_8));
    try (ModelClient client =
        ModelClient.builder()
            .provider(zone)
            .route("m", dev.switchboard.Route.of("zone-us", "gpt"))
            .with(
                Compliance.builder()
                    .profile(
                        "zone-us",
                        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                            .deployment(DeploymentType.DATAZONE_US)
                            .baa(Baa.of("BAA", LocalDate.of(2099, 1, 1)))
                            .humanReview(false)
                            .build())
                    .policy(CompliancePolicy())
                    .auditTrail(trail)
                    .auditKey(key)
                    .detector(new StubDetector())
                    .build())
            .build()) {
      client.chat(
          ChatRequest.builder()
              .user("Jane Roe")
              .compliance(
                  ComplianceTags.builder()
                      .dataClass(DataClass.PHI)
                      .purposeOfUse(PurposeOfUse.TREAT)
                      .requester(Requester.of("u-1", "nurse", "ward-app"))
                      .patientRef(key.hash("MRN-1"))
                      .build())
              .build());
    }
    JsonNode bundle = Json.MAPPER.readTree(FhirAuditExport.bundle(trail.entries()));
    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
    assertThat(bundle.path("entry")).hasSize(2);
    JsonNode response = bundle.path("entry").get(1).path("resource");
    assertThat(response.path("resourceType").asText()).isEqualTo("AuditEvent");
    assertThat(response.path("type").path("code").asText()).isEqualTo("110106");
    assertThat(response.path("action").asText()).isEqualTo("E");
    assertThat(response.path("outcome").asText()).isEqualTo("0");
    JsonNode decision = bundle.path("entry").get(0).path("resource");
    assertThat(decision.path("purposeOfEvent").get(0).path("coding").get(0).path("code").asText())
        .isEqualTo("TREAT");
    assertThat(decision.path("agent").get(0).path("requestor").asBoolean()).isTrue();
    assertThat(decision.path("agent").get(0).path("policy").get(0).asText())
        .startsWith("urn:sha256:");
    assertThat(decision.path("entity").get(0).path("role").path("code").asText()).isEqualTo("1");
    assertThat(decision.path("entity").get(1).path("role").path("code").asText()).isEqualTo("24");
    assertThat(decision.path("entity").get(1).path("securityLabel").toString()).contains("\"N\"");
    assertThat(FhirAuditExport.ndjson(trail.entries()).lines()).hasSize(2);
  }

  private static dev.switchboard.compliance.policy.CompliancePolicy CompliancePolicy() {
    return dev.switchboard.compliance.policy.CompliancePolicy.exampleHospitalPolicy();
  }

  /** Finds the canary values (as a real detector would find the known patient). */
  private static final class CanaryDetector
      implements dev.switchboard.compliance.detect.PhiDetector {
    private final String[] values;

    CanaryDetector(String... values) {
      this.values = values;
    }

    @Override
    public dev.switchboard.compliance.detect.Detection detect(String text, KnownPatient patient) {
      java.util.List<dev.switchboard.compliance.detect.Finding> found = new java.util.ArrayList<>();
      for (String v : values) {
        int i = text.indexOf(v);
        if (i >= 0)
          found.add(
              new dev.switchboard.compliance.detect.Finding(
                  dev.switchboard.compliance.detect.FindingType.NAME,
                  i,
                  i + v.length(),
                  0.99,
                  "canary"));
      }
      return new dev.switchboard.compliance.detect.Detection(
          found, java.util.Set.of(), java.util.List.of());
    }

    @Override
    public String version() {
      return "canary-1";
    }
  }
}
