package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Calls through the whole pipeline, recording exactly what reached each provider. */
class ComplianceEndToEndTest {
  static final AuditKey KEY = AuditKey.of("test", "0123456789abcdef0123456789abcdef".getBytes());
  static final String NOTE =
      "Jane Roe (MRN-0012345, SSN 123-45-6789, jane.roe@example.org) seen 2024-03-05 for chest pain.";

  final ScriptedProvider global = echoing("global");
  final ScriptedProvider zone = echoing("zone-us");
  final ScriptedProvider onprem = echoing("onprem");
  final AuditTrail trail = AuditTrail.inMemory();
  ModelClient client;

  /**
   * The shared test provider as these tests script it: it echoes the last user message ("Echo:
   * ..."), streamed in chunks of three characters so that tokens split, reports usage 12 in, 5 out
   * and numbers vendor request ids ("vendor-req-1", ...); embeddings report one token per input,
   * under request id "emb-1".
   */
  static ScriptedProvider echoing(String id) {
    return new ScriptedProvider(id)
        .chunkChars(3)
        .requestIdPrefix("vendor-req-")
        .always(
            request ->
                request instanceof ChatRequest chat
                    ? answer("Echo: " + ScriptedProvider.lastUserText(chat))
                    : ScriptedReply.answer(
                            "", Usage.of(((EmbeddingRequest) request).inputs().size(), 0))
                        .withRequestId("emb-1"));
  }

  /** An answer with the usage {@link #echoing} providers report: 12 in, 5 out. */
  static ScriptedReply answer(String text) {
    return ScriptedReply.answer(text, Usage.of(12, 5));
  }

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  ModelClient client(AuditTrail auditTrail) {
    client = pipeline(global, zone, onprem, auditTrail);
    return client;
  }

  /**
   * The pipeline these tests call: route {@code notes} fails over from the global deployment to the
   * US data zone and on-prem, {@code local-first} from on-prem to the zone; the example hospital
   * policy, the stub detector and {@code auditTrail}.
   */
  static ModelClient pipeline(
      ScriptedProvider global,
      ScriptedProvider zone,
      ScriptedProvider onprem,
      AuditTrail auditTrail) {
    return ModelClient.builder()
        .provider(global)
        .provider(zone)
        .provider(onprem)
        .route(
            "notes",
            Route.failover(
                Target.of("global", "gpt-4o"),
                Target.of("zone-us", "gpt-4o-mini"),
                Target.of("onprem", "llama3.1:8b")))
        .route(
            "local-first",
            Route.failover(Target.of("onprem", "llama3.1:8b"), Target.of("zone-us", "gpt-4o-mini")))
        .with(hospitalCompliance(auditTrail))
        .build();
  }

  /**
   * The compliance these tests run: the three providers' profiles (a global cloud deployment, a US
   * data zone under a BAA, an on-prem server), the example hospital policy, the stub detector,
   * {@code auditTrail} and {@link #KEY}.
   */
  static Compliance hospitalCompliance(AuditTrail auditTrail) {
    return Compliance.builder()
        .profile(
            "global",
            ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                .deployment(DeploymentType.GLOBAL)
                .build())
        .profile(
            "zone-us",
            ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                .deployment(DeploymentType.DATAZONE_US)
                .baa(Baa.of("MSFT-BAA", LocalDate.of(2099, 12, 31)))
                .humanReview(false)
                .build())
        .profile("onprem", ProviderProfile.builder(ProviderKind.ON_PREM).country("US").build())
        .policy(CompliancePolicy.exampleHospitalPolicy())
        .auditTrail(auditTrail)
        .auditKey(KEY)
        .detector(new StubDetector())
        .build();
  }

  static ChatRequest note(ComplianceTags tags) {
    return ChatRequest.builder()
        .model("notes")
        .system("Summarize.")
        .user(NOTE)
        .compliance(tags)
        .build();
  }

  static ComplianceTags phi(PurposeOfUse purpose) {
    return ComplianceTags.builder()
        .dataClass(DataClass.PHI)
        .purposeOfUse(purpose)
        .requester(Requester.of("u-4711", "attending", "discharge-app"))
        .patientRef(KEY.hash("MRN-0012345"))
        .build();
  }

  List<AuditEntry> records(Predicate<AuditEntry> filter) {
    return trail.entries().stream().filter(filter).toList();
  }

  @Test
  void phiForTreatmentSkipsTheGlobalDeploymentAndIsAudited() {
    ChatResponse r = client(trail).chat(note(phi(PurposeOfUse.TREAT)));
    assertThat(r.provider()).isEqualTo("zone-us");
    assertThat(global.chats()).isEmpty();
    assertThat(zone.sentText())
        .contains("MRN-0012345"); // treatment under a BAA: no redaction demanded
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.decision()).isEqualTo(Decision.ROUTE);
    assertThat(s.eligibleProviders()).containsExactly("zone-us", "onprem");
    assertThat(s.findingCounts()).containsEntry("SSN", 1).containsEntry("NAME", 1);
    assertThat(s.labels()).contains("AIAST");
    assertThat(s.auditEventId()).isNotNull();
    List<AuditEntry> all = trail.entries();
    assertThat(all)
        .extracting(AuditEntry::eventType)
        .containsExactly("policy.load", "ai.decision", "ai.response");
    assertThat(all.get(0).record())
        .containsEntry("policyHash", CompliancePolicy.exampleHospitalPolicy().hash());
    assertThat(all.get(1).eventId()).isEqualTo(s.auditEventId());
    assertThat(all.get(1).record()).containsEntry("patientRef", KEY.hash("MRN-0012345").value());
    assertThat(all.get(2).record())
        .containsEntry("vendorRequestId", "vendor-req-1")
        .containsEntry("outcome", 0);
    assertThat(trail.verify().intact()).isTrue();
  }

  @Test
  void operationsInTheCloudSendOnlyPseudonymsAndRestoreThemInTheAnswer() {
    ChatResponse r =
        client(trail)
            .chat(
                note(phi(PurposeOfUse.HOPERAT)).toBuilder()
                    .model("local-first")
                    .pinProvider("zone-us")
                    .build());
    String sent = zone.sentText();
    assertThat(sent)
        .doesNotContain(
            "Jane Roe", "MRN-0012345", "123-45-6789", "jane.roe@example.org", "2024-03-05");
    assertThat(sent).contains("\u27e6");
    assertThat(r.text()).isEqualTo("Echo: " + NOTE);
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.transformations()).containsExactly("PSEUD", "MINEC");
    assertThat(s.restoredTokens()).isEqualTo(5);
    assertThat(s.warnings()).isEmpty();
  }

  @Test
  void streamedTokensSplitAcrossChunksAreRestored() {
    client(trail);
    zone.chunkChars(2);
    StringBuilder seen = new StringBuilder();
    ChatRequest request =
        note(phi(PurposeOfUse.HOPERAT)).toBuilder()
            .model("local-first")
            .pinProvider("zone-us")
            .build();
    try (ChatStream stream = client.stream(request)) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) seen.append(d.text());
      }
      assertThat(stream.response().text()).isEqualTo("Echo: " + NOTE);
      assertThat(stream.response().compliance().orElseThrow().restoredTokens()).isEqualTo(5);
    }
    assertThat(seen.toString()).isEqualTo("Echo: " + NOTE).doesNotContain("\u27e6");
    assertThat(records(e -> e.eventType().equals("ai.response"))).hasSize(1);
  }

  @Test
  void toolCallArgumentsAreRestoredInsideTheirJson() {
    client(trail);
    zone.always(answer("calling lookup"));
    ChatRequest request =
        note(phi(PurposeOfUse.HOPERAT)).toBuilder()
            .model("local-first")
            .pinProvider("zone-us")
            .build();
    zone.always(
        req -> {
          String user = ScriptedProvider.lastUserText((ChatRequest) req);
          String token = user.substring(0, user.indexOf(' ', 3));
          return answer("calling lookup")
              .withToolCalls(new ToolCall("call-1", "lookup", "{\"patient\":\"" + token + "\"}"));
        });
    ChatResponse r = client.chat(request);
    assertThat(r.toolCalls().get(0).arguments()).isEqualTo("{\"patient\":\"Jane Roe\"}");
    try (ChatStream stream = client.stream(request)) {
      assertThat(stream.response().toolCalls().get(0).arguments())
          .isEqualTo("{\"patient\":\"Jane Roe\"}");
    }
  }

  @Test
  void researchSendsGeneralizedDataOnly() {
    ChatResponse r =
        client(trail)
            .chat(
                note(phi(PurposeOfUse.HRESCH)).toBuilder()
                    .model("local-first")
                    .pinProvider("zone-us")
                    .build());
    assertThat(zone.sentText())
        .doesNotContain("Jane Roe", "MRN-0012345", "123-45-6789", "2024-03-05")
        .contains("2024");
    assertThat(r.compliance().orElseThrow().transformations()).containsExactly("DEID:GENERALIZE");
  }

  @Test
  void psychotherapyNotesAreRefusedBeforeAnythingLeavesAndTheRefusalIsAudited() {
    client(trail);
    ComplianceTags tags = phi(PurposeOfUse.TREAT).toBuilder().addSensitivity("PSYTHPN").build();
    assertThatThrownBy(() -> client.chat(note(tags)))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.PSYCHOTHERAPY_NOTES_EXCLUDED);
              assertThat(e.ruleId()).isEqualTo("psychotherapy-notes");
              assertThat(e.policyHash()).contains(CompliancePolicy.exampleHospitalPolicy().hash());
              assertThat(e.retryable()).isFalse();
              AuditEntry record =
                  trail.entries().stream()
                      .filter(x -> x.eventId().equals(e.auditEventId().orElseThrow()))
                      .findFirst()
                      .orElseThrow();
              assertThat(record.record())
                  .containsEntry("decision", "BLOCK")
                  .containsEntry("outcome", 8);
              assertThat(record.record().get("reasonCodes"))
                  .isEqualTo(List.of("PSYCHOTHERAPY_NOTES_EXCLUDED"));
            });
    assertThat(global.chats()).isEmpty();
    assertThat(zone.chats()).isEmpty();
    assertThat(onprem.chats()).isEmpty();
  }

  @Test
  void detectionRaisesPublicDataToPhiAndSensitiveTopicsToPart2() {
    client(trail);
    ComplianceTags declaredPublic = ComplianceTags.of(DataClass.PUBLIC, "TREAT");
    ChatResponse r = client.chat(note(declaredPublic));
    assertThat(r.provider()).isEqualTo("zone-us");
    assertThat(r.compliance().orElseThrow().ruleIds()).contains("phi-needs-baa");
    ChatRequest methadone =
        ChatRequest.builder()
            .model("notes")
            .user("Jane Roe, methadone 80 mg daily.")
            .compliance(phi(PurposeOfUse.TREAT))
            .build();
    assertThat(client.chat(methadone).provider()).isEqualTo("onprem");
    assertThat(
            records(e -> e.eventType().equals("ai.decision"))
                .get(1)
                .record()
                .get("tags")
                .toString())
        .contains("SUD");
  }

  @Test
  void aPinnedIneligibleProviderIsRefusedNotSwapped() {
    client(trail);
    assertThatThrownBy(
            () ->
                client.chat(
                    note(phi(PurposeOfUse.TREAT)).toBuilder().pinProvider("global").build()))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code()).isEqualTo(Code.PINNED_PROVIDER_INELIGIBLE));
    assertThat(
            client
                .chat(note(phi(PurposeOfUse.TREAT)).toBuilder().pinProvider("onprem").build())
                .provider())
        .isEqualTo("onprem");
    assertThat(global.chats()).isEmpty();
  }

  @Test
  void anAuditWriteFailureBlocksTheCall() {
    FailingTrail failing = new FailingTrail();
    client(failing);
    failing.failFrom = 1;
    assertThatThrownBy(() -> client.chat(note(phi(PurposeOfUse.TREAT))))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.AUDIT_UNAVAILABLE);
              assertThat(e.getCause()).isInstanceOf(AuditTrailException.class);
            });
    assertThat(zone.chats()).isEmpty();
    assertThat(onprem.chats()).isEmpty();
  }

  @Test
  void anOutcomeWriteFailureWithholdsTheAnswer() {
    FailingTrail failing = new FailingTrail();
    client(failing);
    failing.failFrom = 2;
    assertThatThrownBy(() -> client.chat(note(phi(PurposeOfUse.TREAT))))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code()).isEqualTo(Code.AUDIT_UNAVAILABLE));
  }

  @Test
  void modelInventedTokensAndNewIdentifiersAreFlagged() {
    client(trail);
    zone.always(answer("See \u27e6NAME_ZZZZZ\u27e7; also call John Smith."));
    ChatRequest request =
        note(phi(PurposeOfUse.HOPERAT)).toBuilder()
            .model("local-first")
            .pinProvider("zone-us")
            .build();
    ChatResponse r = client.chat(request);
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.unknownTokens()).isEqualTo(1);
    assertThat(s.newIdentifiers()).isEqualTo(1);
    assertThat(s.warnings()).containsExactly("RESTORE_UNKNOWN_TOKEN", "OUTPUT_NEW_IDENTIFIER");
    assertThat(r.text()).contains("\u27e6NAME_ZZZZZ\u27e7");
    AuditEntry outcome = records(e -> e.eventType().equals("ai.response")).get(0);
    assertThat(outcome.record()).containsEntry("outcome", 4);
  }

  @Test
  void aStreamClosedEarlyIsAudited() {
    client(trail);
    try (ChatStream stream = client.stream(note(phi(PurposeOfUse.TREAT)))) {
      stream.iterator().next();
    }
    AuditEntry outcome = records(e -> e.eventType().equals("ai.response")).get(0);
    assertThat(outcome.record()).containsEntry("outcome", 4);
    assertThat(outcome.record().get("reasonCodes")).isEqualTo(List.of("CLOSED_EARLY"));
  }

  @Test
  void embeddingsAreRedactedAndAudited() {
    client(trail);
    EmbeddingResponse r = client.embed(noteAndCleanTextToEmbed());
    assertThat(zone.sentText())
        .doesNotContain("Jane Roe", "123-45-6789")
        .contains("[NAME]", "[SSN]");
    assertThat(r.compliance().orElseThrow().transformations())
        .containsExactly("REDACT:TYPE_MASK", "MINEC");
    assertThat(records(e -> e.eventType().equals("ai.response")).get(0).record())
        .containsEntry("vectors", 2);
  }

  /** Two inputs for the on-prem zone, the note with identifiers and a text without any. */
  static EmbeddingRequest noteAndCleanTextToEmbed() {
    return EmbeddingRequest.builder()
        .model("local-first")
        .pinProvider("zone-us")
        .input(NOTE)
        .input("no identifiers here")
        .compliance(phi(PurposeOfUse.HOPERAT))
        .build();
  }

  @Test
  void untaggedRequestsAreRefusedByDefault() {
    client(trail);
    assertThatThrownBy(
            () -> client.chat(ChatRequest.builder().model("notes").user("hello").build()))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code()).isEqualTo(Code.TAGS_MISSING));
  }

  @Test
  void theChainOfAWholeSessionVerifiesAndACheckpointPinsItsHead() {
    client(trail);
    client.chat(note(phi(PurposeOfUse.TREAT)));
    client.chat(note(phi(PurposeOfUse.HOPERAT)).toBuilder().model("local-first").build());
    assertThatThrownBy(() -> client.chat(note(phi(PurposeOfUse.MLTRAINING))));
    ChainVerification v = trail.verify();
    assertThat(v.intact()).isTrue();
    AuditEntry last = trail.entries().get(trail.entries().size() - 1);
    assertThat(trail.verify(Checkpoint.of(last)).intact()).isTrue();
  }

  /** A trail that fails from the n-th append on (0 = the policy.load record). */
  static final class FailingTrail implements AuditTrail {
    final AuditTrail inner = AuditTrail.inMemory();
    volatile int failFrom = Integer.MAX_VALUE;
    int appended;

    @Override
    public synchronized AuditEntry append(AuditEvent event) {
      if (appended >= failFrom) throw new AuditTrailException("disk full", null);
      appended++;
      return inner.append(event);
    }

    @Override
    public List<AuditEntry> entries() {
      return inner.entries();
    }

    @Override
    public ChainVerification verify(Checkpoint checkpoint) {
      return inner.verify(checkpoint);
    }

    @Override
    public void close() {}
  }

  static Map<String, Object> recordOf(AuditEntry e) {
    return e.record();
  }
}
