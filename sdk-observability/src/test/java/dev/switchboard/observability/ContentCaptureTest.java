package dev.switchboard.observability;

import static dev.switchboard.observability.TelemetryFixtures.MOCK_ONLY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content capture: off by default, on only where nothing marks data as PHI (refused with every mark
 * by path, code {@code CONTENT_CAPTURE_REFUSED}, whether compliance comes from the config or is
 * added to the client in code), and withheld per call for requests tagged PHI or LDS.
 */
class ContentCaptureTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT =
      AttributeKey.stringKey("gen_ai.output.messages");
  private static final AttributeKey<String> WITHHELD =
      AttributeKey.stringKey("switchboard.content.withheld");

  private static final String ESCALATES =
      "compliance.policy: classifies requests as PHI (detector.escalate raises requests with"
          + " identifiers to PHI); content capture is refused";
  private static final String RULE_FOR_PHI =
      "compliance.policy: classifies requests as PHI (a rule's when matches data class PHI or"
          + " LDS); content capture is refused";
  private static final String MOCK_BAA =
      "providers.mock.profile.baa: the provider has a business associate agreement, so PHI is sent"
          + " to it; content capture is refused";

  /** A policy that neither expects nor raises PHI: synthetic data to test providers only. */
  private static final String SYNTHETIC_ONLY_POLICY =
      """
      version: 3
      defaults: {decision: BLOCK, detector: {escalate: false}}
      rules:
      - {id: synthetic-to-test, when: {dataClass: [SYNTHETIC]}, require: {provider: {env: TEST}}}
      """;

  /** A policy with a rule for LDS data and no escalation. */
  private static final String LDS_RULE_POLICY =
      """
      version: 3
      defaults: {decision: BLOCK, detector: {escalate: false}}
      rules:
      - {id: lds-research, when: {anyOf: [{dataClass: [LDS]}, {purposeOfUse: [HRESCH]}]}, require: {duaId: true}}
      """;

  @TempDir Path dir;

  @Test
  void contentIsNotCapturedByDefault() {
    SwitchboardConfig config = TelemetryFixtures.config(MOCK_ONLY);
    SwitchboardTelemetry t = TelemetryFixtures.telemetry(otel, config).build();
    try (ModelClient client = t.installOn(ModelClient.builder(config)).build()) {
      client.chat(ChatRequest.builder().user("Draft the ward rota.").build());
    }
    assertThat(otel.getSpans()).isNotEmpty();
    for (SpanData s : otel.getSpans()) {
      assertThat(s.getAttributes().get(INPUT)).isNull();
      assertThat(s.getAttributes().get(OUTPUT)).isNull();
      assertThat(s.getAttributes().toString()).doesNotContain("ward rota");
    }
  }

  @Test
  void whenOnAndNothingMarksPhiThePromptAndAnswerGoOnTheCallSpanAsGenAiMessages() {
    SwitchboardConfig config = TelemetryFixtures.config(MOCK_ONLY);
    ChatResponse answer;
    try (ModelClient client = captureOn(config).installOn(ModelClient.builder(config)).build()) {
      answer =
          client.chat(
              ChatRequest.builder()
                  .system("You write \"rotas\".")
                  .user("Draft the ward rota.")
                  .build());
    }
    SpanData call = TelemetryFixtures.span(otel, "chat notes");
    assertThat(call.getAttributes().get(INPUT))
        .isEqualTo(
            "[{\"role\":\"system\",\"parts\":[{\"type\":\"text\",\"content\":\"You write"
                + " \\\"rotas\\\".\"}]},{\"role\":\"user\",\"parts\":[{\"type\":\"text\","
                + "\"content\":\"Draft the ward rota.\"}]}]");
    assertThat(call.getAttributes().get(OUTPUT))
        .startsWith("[{\"role\":\"assistant\",\"parts\":[{\"type\":\"text\",\"content\":")
        .contains(jsonString(answer.text()))
        .endsWith("\"finish_reason\":\"stop\"}]");
    // Only the call span carries content: attempt spans and metric labels do not.
    assertThat(TelemetryFixtures.span(otel, "chat mock-chat-1").getAttributes().get(INPUT))
        .isNull();
    otel.getMetrics()
        .forEach(
            m ->
                m.getData()
                    .getPoints()
                    .forEach(p -> assertThat(p.getAttributes().toString()).doesNotContain("rota")));
  }

  @Test
  void aRequestTaggedPhiIsWithheldEvenWithCaptureOn() {
    SwitchboardConfig config = TelemetryFixtures.config(MOCK_ONLY);
    try (ModelClient client = captureOn(config).installOn(ModelClient.builder(config)).build()) {
      for (DataClass phi : new DataClass[] {DataClass.PHI, DataClass.LIMITED_DATA_SET}) {
        ComplianceTags.Builder tags = ComplianceTags.builder().dataClass(phi);
        if (phi == DataClass.LIMITED_DATA_SET) tags.duaId("DUA-7");
        client.chat(
            ChatRequest.builder()
                .user("Patient CANARY4411 was seen today.")
                .compliance(tags.build())
                .build());
      }
    }
    assertThat(otel.getSpans().stream().filter(s -> s.getName().equals("chat notes")))
        .hasSize(2)
        .allSatisfy(
            s -> {
              assertThat(s.getAttributes().get(WITHHELD)).isEqualTo("phi");
              assertThat(s.getAttributes().get(INPUT)).isNull();
              assertThat(s.getAttributes().get(OUTPUT)).isNull();
            });
    assertThat(otel.getSpans()).allSatisfy(s -> assertThat(s.toString()).doesNotContain("CANARY"));
  }

  // --- compliance from the config: refused when the telemetry is built ------------------------

  @Test
  void aPolicyThatClassifiesRequestsAsPhiRefusesCaptureAtBuildNamingThePath() throws IOException {
    SwitchboardConfig config = compliance("builtin:example-hospital", "");
    assertRefused(() -> captureOn(config), "sb.yaml", ESCALATES);
    // The same config without capture builds.
    TelemetryFixtures.telemetry(otel, config).build();
  }

  @Test
  void aPolicyWithARuleForPhiOrAProviderWithABaaRefusesCaptureEvenWithoutEscalation()
      throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), LDS_RULE_POLICY);
    SwitchboardConfig config =
        compliance(
            "./policy.yaml",
            "    profile: { kind: cloud, deployment: datazone-us, regions: [eastus],"
                + " human-review: false, baa: { ref: MSFT-BAA, expires: 2099-12-31 } }\n");
    assertRefused(() -> captureOn(config), "sb.yaml", RULE_FOR_PHI, MOCK_BAA);
  }

  @Test
  void aPolicyThatNeitherExpectsNorRaisesPhiAllowsCaptureOfItsNonPhiCalls() throws IOException {
    Files.writeString(dir.resolve("policy.yaml"), SYNTHETIC_ONLY_POLICY);
    SwitchboardConfig config = compliance("./policy.yaml", "    profile: { kind: mock }\n");
    try (ModelClient client = captureOn(config).installOn(ModelClient.builder(config)).build()) {
      chatSynthetic(client);
    }
    assertThat(TelemetryFixtures.span(otel, "chat notes").getAttributes().get(INPUT))
        .contains("A synthetic discharge note for the demo.");
  }

  // --- compliance added in code: refused when the client is built --------------------------

  @Test
  void complianceAddedInCodeThatClassifiesPhiRefusesTheClientWithTheSameCode() {
    SwitchboardConfig config = TelemetryFixtures.config(MOCK_ONLY);
    // The telemetry's config has no compliance, so the telemetry itself builds ...
    SwitchboardTelemetry t = captureOn(config);
    Compliance phi = withMemoryAudit(CompliancePolicy.exampleHospitalPolicy()).build();
    // ... but a client that gets compliance in code is refused, whether the compliance is added
    // after the telemetry was installed or before.
    assertRefused(
        () -> t.installOn(ModelClient.builder(config)).with(phi).build(),
        "the client's pipeline features",
        ESCALATES);
    assertRefused(
        () -> t.installOn(ModelClient.builder(config).with(phi)).build(),
        "the client's pipeline features",
        ESCALATES);
    assertThat(otel.getSpans()).isEmpty();
  }

  @Test
  void aBaaDeclaredInCodeRefusesCaptureLikeOneInTheConfig() {
    SwitchboardConfig config = TelemetryFixtures.config(MOCK_ONLY);
    Compliance baa =
        withMemoryAudit(CompliancePolicy.parse(LDS_RULE_POLICY, "policy.yaml"))
            .profile(
                "mock",
                ProviderProfile.builder(ProviderKind.MOCK)
                    .baa(Baa.of("MSFT-BAA", LocalDate.parse("2099-12-31")))
                    .build())
            .build();
    assertRefused(
        () -> captureOn(config).installOn(ModelClient.builder(config).with(baa)).build(),
        "the client's pipeline features",
        RULE_FOR_PHI,
        MOCK_BAA);
  }

  @Test
  void withoutAConfigCaptureIsCheckedAgainstEachClientsFeatures() {
    // No config given to the telemetry: nothing to check at its build, so each client is checked.
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .captureContent(true)
            .build();
    SwitchboardConfig mockOnly = TelemetryFixtures.config(MOCK_ONLY);
    assertRefused(
        () ->
            t.installOn(ModelClient.builder(mockOnly))
                .with(withMemoryAudit(CompliancePolicy.exampleHospitalPolicy()).build())
                .build(),
        "the client's pipeline features",
        ESCALATES);
    // A client whose compliance neither expects nor raises PHI is captured.
    ModelClientBuilder synthetic =
        ModelClient.builder(mockOnly)
            .with(
                withMemoryAudit(CompliancePolicy.parse(SYNTHETIC_ONLY_POLICY, "policy.yaml"))
                    .profile("mock", ProviderProfile.builder(ProviderKind.MOCK).build())
                    .build());
    try (ModelClient client = t.installOn(synthetic).build()) {
      chatSynthetic(client);
    }
    assertThat(TelemetryFixtures.span(otel, "chat notes").getAttributes().get(INPUT))
        .contains("A synthetic discharge note for the demo.");
  }

  @Test
  void captureCannotBeInstalledByHandWhereNoClientCheckRuns() {
    SwitchboardTelemetry t = captureOn(TelemetryFixtures.config(MOCK_ONLY));
    assertThatThrownBy(t::listener)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("installOn(builder)");
    assertThatThrownBy(t::attemptInterceptor).isInstanceOf(IllegalStateException.class);
  }

  // --- helpers -------------------------------------------------------------------------------

  private static SwitchboardTelemetry captureOn(SwitchboardConfig config) {
    return TelemetryFixtures.telemetry(otel, config).captureContent(true).build();
  }

  private static Compliance.Builder withMemoryAudit(CompliancePolicy policy) {
    return Compliance.exampleForTests().toBuilder()
        .policy(policy)
        .auditTrail(AuditTrail.inMemory());
  }

  private static void chatSynthetic(ModelClient client) {
    client.chat(
        ChatRequest.builder()
            .user("A synthetic discharge note for the demo.")
            .compliance(
                ComplianceTags.builder()
                    .dataClass(DataClass.SYNTHETIC)
                    .purposeOfUse(PurposeOfUse.of("HTEST"))
                    .build())
            .build());
  }

  /** The action fails with the refusal: its code, its source, and exactly these problems. */
  private static void assertRefused(ThrowingCallable action, String source, String... problems) {
    assertThatThrownBy(action)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.code()).contains(SwitchboardTelemetry.CONTENT_CAPTURE_REFUSED);
              assertThat(e.getMessage()).startsWith(source);
              assertThat(e.problems()).containsExactly(problems);
            });
  }

  /** A mock-only config under a compliance policy, with an audit file (a policy requires one). */
  private SwitchboardConfig compliance(String policy, String profile) throws IOException {
    String yaml =
        """
        providers:
          mock:
            type: mock
        %s
        models:
          notes: { provider: mock, model: mock-chat-1 }
        compliance: { policy: "%s", audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted(profile.stripTrailing(), policy, "k".repeat(40));
    Path file = dir.resolve("sb.yaml");
    Files.writeString(file, yaml);
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
  }

  private static String jsonString(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
