package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Content capture: off by default, on only where nothing in the config marks data as PHI (refused
 * at build with every mark by path), and withheld per call for requests tagged PHI or LDS.
 */
class ContentCaptureTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> INPUT = AttributeKey.stringKey("gen_ai.input.messages");
  private static final AttributeKey<String> OUTPUT =
      AttributeKey.stringKey("gen_ai.output.messages");
  private static final AttributeKey<String> WITHHELD =
      AttributeKey.stringKey("switchboard.content.withheld");

  private static final String MOCK_ONLY =
      """
      providers:
        mock: { type: mock }
      models:
        notes: { provider: mock, model: mock-chat-1 }
      """;

  @TempDir Path dir;

  @Test
  void contentIsNotCapturedByDefault() {
    SwitchboardConfig config = SwitchboardConfig.parse(MOCK_ONLY, "sb.yaml");
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .build();
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
    SwitchboardConfig config = SwitchboardConfig.parse(MOCK_ONLY, "sb.yaml");
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .captureContent(true)
            .build();
    ChatResponse answer;
    try (ModelClient client = t.installOn(ModelClient.builder(config)).build()) {
      answer =
          client.chat(
              ChatRequest.builder()
                  .system("You write \"rotas\".")
                  .user("Draft the ward rota.")
                  .build());
    }
    SpanData call = span("chat notes");
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
    assertThat(span("chat mock-chat-1").getAttributes().get(INPUT)).isNull();
    otel.getMetrics()
        .forEach(
            m ->
                m.getData()
                    .getPoints()
                    .forEach(p -> assertThat(p.getAttributes().toString()).doesNotContain("rota")));
  }

  @Test
  void aRequestTaggedPhiIsWithheldEvenWithCaptureOn() {
    SwitchboardConfig config = SwitchboardConfig.parse(MOCK_ONLY, "sb.yaml");
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .captureContent(true)
            .build();
    try (ModelClient client = t.installOn(ModelClient.builder(config)).build()) {
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

  @Test
  void aPolicyThatClassifiesRequestsAsPhiRefusesCaptureAtBuildNamingThePath() throws IOException {
    SwitchboardConfig config = compliance("builtin:example-hospital", "");
    SwitchboardTelemetry.Builder b =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .captureContent(true);
    assertThatThrownBy(b::build)
        .isInstanceOfSatisfying(
            ConfigException.class,
            e -> {
              assertThat(e.code()).contains(SwitchboardTelemetry.CONTENT_CAPTURE_REFUSED);
              assertThat(e.problems())
                  .containsExactly(
                      "compliance.policy: classifies requests as PHI (detector.escalate raises"
                          + " requests with identifiers to PHI); content capture is refused");
            });
    // The same config without capture builds.
    SwitchboardTelemetry.builder().openTelemetry(otel.getOpenTelemetry()).config(config).build();
  }

  @Test
  void aPolicyWithARuleForPhiOrAProviderWithABaaRefusesCaptureEvenWithoutEscalation()
      throws IOException {
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        version: 3
        defaults: {decision: BLOCK, detector: {escalate: false}}
        rules:
        - {id: lds-research, when: {anyOf: [{dataClass: [LDS]}, {purposeOfUse: [HRESCH]}]}, require: {duaId: true}}
        """);
    SwitchboardConfig config =
        compliance(
            "./policy.yaml",
            "    profile: { kind: cloud, deployment: datazone-us, regions: [eastus],"
                + " human-review: false, baa: { ref: MSFT-BAA, expires: 2099-12-31 } }\n");
    assertThatThrownBy(
            () ->
                SwitchboardTelemetry.builder()
                    .openTelemetry(otel.getOpenTelemetry())
                    .config(config)
                    .captureContent(true)
                    .build())
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "compliance.policy: classifies requests as PHI (a rule's when matches data"
                            + " class PHI or LDS); content capture is refused",
                        "providers.mock.profile.baa: the provider has a business associate"
                            + " agreement, so PHI is sent to it; content capture is refused"));
  }

  @Test
  void aPolicyThatNeitherExpectsNorRaisesPhiAllowsCaptureOfItsNonPhiCalls() throws IOException {
    Files.writeString(
        dir.resolve("policy.yaml"),
        """
        version: 3
        defaults: {decision: BLOCK, detector: {escalate: false}}
        rules:
        - {id: synthetic-to-test, when: {dataClass: [SYNTHETIC]}, require: {provider: {env: TEST}}}
        """);
    SwitchboardConfig config = compliance("./policy.yaml", "    profile: { kind: mock }\n");
    SwitchboardTelemetry t =
        SwitchboardTelemetry.builder()
            .openTelemetry(otel.getOpenTelemetry())
            .config(config)
            .captureContent(true)
            .build();
    try (ModelClient client = t.installOn(ModelClient.builder(config)).build()) {
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
    assertThat(span("chat notes").getAttributes().get(INPUT))
        .contains("A synthetic discharge note for the demo.");
  }

  @Test
  void captureWithoutTheConfigToCheckIsRefused() {
    assertThatThrownBy(
            () ->
                SwitchboardTelemetry.builder()
                    .openTelemetry(otel.getOpenTelemetry())
                    .captureContent(true)
                    .build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("captureContent(true) needs config(...)");
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

  private static SpanData span(String name) {
    return otel.getSpans().stream()
        .filter(s -> s.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no span " + name + " in " + otel.getSpans()));
  }

  private static String jsonString(String text) {
    return text.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
