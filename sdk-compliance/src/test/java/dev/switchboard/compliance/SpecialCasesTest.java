package dev.switchboard.compliance;

import static dev.switchboard.compliance.ComplianceEndToEndTest.KEY;
import static dev.switchboard.compliance.ComplianceEndToEndTest.NOTE;
import static dev.switchboard.compliance.ComplianceEndToEndTest.echoing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.FhirAuditExport;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Break-glass, vendor content filtering, limited data sets raised to PHI, the end-user pseudonym,
 * and the explanation a served call carries: each through the whole client, audited.
 */
class SpecialCasesTest {
  final ScriptedProvider global = echoing("global");
  final ScriptedProvider zone = echoing("zone-us");
  final ScriptedProvider onprem = echoing("onprem");
  final ScriptedProvider raw = echoing("raw-user");
  final ScriptedProvider omit = echoing("no-user");
  final AuditTrail trail = AuditTrail.inMemory();
  ModelClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  ModelClient client() {
    ProviderProfile baaZone =
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.DATAZONE_US)
            .baa(Baa.of("MSFT-BAA", LocalDate.of(2099, 12, 31)))
            .humanReview(false)
            .build();
    client =
        ModelClient.builder()
            .provider(global)
            .provider(zone)
            .provider(onprem)
            .provider(raw)
            .provider(omit)
            .route(
                "notes",
                Route.failover(
                    Target.of("global", "gpt-4o"),
                    Target.of("zone-us", "gpt-4o-mini"),
                    Target.of("onprem", "llama3.1:8b")))
            .route("raw", Route.failover(Target.of("raw-user", "m")))
            .route("omit", Route.failover(Target.of("no-user", "m")))
            .with(
                Compliance.builder()
                    .profile(
                        "global",
                        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                            .deployment(DeploymentType.GLOBAL)
                            .build())
                    .profile("zone-us", baaZone)
                    .profile(
                        "onprem",
                        ProviderProfile.builder(ProviderKind.ON_PREM).country("US").build())
                    .profile(
                        "raw-user",
                        ProviderProfile.builder(ProviderKind.ON_PREM)
                            .country("US")
                            .endUserId(EndUserId.RAW)
                            .build())
                    .profile(
                        "no-user",
                        ProviderProfile.builder(ProviderKind.ON_PREM)
                            .country("US")
                            .endUserId(EndUserId.OMIT)
                            .build())
                    .policy(CompliancePolicy.exampleHospitalPolicy())
                    .auditTrail(trail)
                    .auditKey(KEY)
                    .detector(new StubDetector())
                    .build())
            .build();
    return client;
  }

  static ChatRequest note(String model, ComplianceTags tags) {
    return ChatRequest.builder().model(model).user(NOTE).compliance(tags).build();
  }

  static ComplianceTags.Builder tags(DataClass dc, PurposeOfUse p) {
    return ComplianceTags.builder().dataClass(dc).purposeOfUse(p);
  }

  List<AuditEntry> ofType(String type) {
    return trail.entries().stream().filter(e -> e.eventType().equals(type)).toList();
  }

  @Test
  void breakGlassWithoutAReasonIsRefusedAndStillRecordedAsABreakGlassAlert() {
    client();
    assertThatThrownBy(
            () -> client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.BTG).build())))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> {
              assertThat(e.code()).isEqualTo(Code.BREAK_GLASS_REASON_REQUIRED);
              assertThat(e.ruleId()).isEqualTo("break-glass");
            });
    List<AuditEntry> bg = ofType("ai.breakglass");
    assertThat(bg).hasSize(1);
    assertThat(bg.get(0).record())
        .containsEntry("severity", "alert")
        .containsEntry("decision", "BLOCK")
        .containsEntry("reasonCodes", List.of("BREAK_GLASS_REASON_REQUIRED"));
    assertThat(ofType("ai.decision")).isEmpty();
    assertThat(onprem.calls() + zone.calls() + global.calls()).isZero();
  }

  @Test
  void breakGlassWithAReasonIsServedAndRecordedAsABreakGlassAlert() {
    client();
    ChatResponse r =
        client.chat(
            note(
                "notes",
                tags(DataClass.PHI, PurposeOfUse.BTG).breakGlass("code blue, bed 4").build()));
    assertThat(r.provider()).isEqualTo("zone-us");
    List<AuditEntry> bg = ofType("ai.breakglass");
    assertThat(bg).hasSize(1);
    assertThat(bg.get(0).record()).containsEntry("severity", "alert").containsEntry("outcome", 0);
    assertThat(bg.get(0).eventId()).isEqualTo(r.compliance().orElseThrow().auditEventId());
    String fhir = FhirAuditExport.bundle(trail.entries());
    assertThat(fhir).contains("ai-breakglass").contains("\"valueCode\":\"alert\"");
  }

  @Test
  void aVendorContentFilterIsAnOutcomeOfItsOwnWithTheVendorsCategories() {
    client();
    zone.then(ScriptedReply.contentFiltered("self_harm", "violence"));
    assertThatThrownBy(
            () -> client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.TREAT).build())))
        .isInstanceOfSatisfying(
            ContentFilteredException.class,
            e -> {
              assertThat(e.code()).isEqualTo("PROVIDER_CONTENT_FILTERED");
              assertThat(e.categories()).containsExactlyInAnyOrder("self_harm", "violence");
            });
    assertThat(onprem.calls()).as("never retried on another provider").isZero();
    AuditEntry outcome = ofType("ai.response").get(0);
    assertThat(outcome.record())
        .containsEntry("result", "content-filtered")
        .containsEntry("outcome", 4)
        .containsEntry("reasonCodes", List.of("PROVIDER_CONTENT_FILTERED"))
        .containsEntry("contentFilter", Map.of("categories", List.of("self_harm", "violence")));
    String fhir = FhirAuditExport.bundle(trail.entries());
    assertThat(fhir)
        .contains("ai-content-filtered")
        .contains("contentFilterCategories")
        .contains("self_harm,violence");
  }

  @Test
  void theFhirExportOfEveryEventTypeIsValidR4() {
    client();
    // A served call, a break-glass call with and without a reason, a vendor content filter, a
    // vendor failure after every target, and a limited data set refused for its missing DUA.
    client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.TREAT).build()));
    client.chat(
        note(
            "notes", tags(DataClass.PHI, PurposeOfUse.BTG).breakGlass("code blue, bed 4").build()));
    catchThrowable(() -> client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.BTG).build())));
    zone.then(ScriptedReply.contentFiltered("self_harm"));
    catchThrowable(
        () -> client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.TREAT).build())));
    zone.then(ScriptedReply.authentication());
    catchThrowable(
        () -> client.chat(note("notes", tags(DataClass.PHI, PurposeOfUse.TREAT).build())));
    catchThrowable(
        () ->
            client.chat(
                note("notes", tags(DataClass.LIMITED_DATA_SET, PurposeOfUse.TREAT).build())));

    List<String> types = trail.entries().stream().map(AuditEntry::eventType).distinct().toList();
    assertThat(types).contains("ai.decision", "ai.response", "ai.breakglass");
    List<String> results =
        ofType("ai.response").stream().map(e -> String.valueOf(e.record().get("result"))).toList();
    assertThat(results).contains("content-filtered").hasSizeGreaterThanOrEqualTo(3);
    assertThat(FhirExportValidationTest.validationErrors(FhirAuditExport.bundle(trail.entries())))
        .as("HAPI FHIR R4 validation errors")
        .isEmpty();
  }

  @Test
  void aLimitedDataSetWithDirectIdentifiersIsRaisedToPhiVisiblyAndStillNeedsItsDua() {
    client();
    // Declared LDS without a DUA: refused for the DUA even though detection raised it to PHI.
    assertThatThrownBy(
            () ->
                client.chat(
                    note("notes", tags(DataClass.LIMITED_DATA_SET, PurposeOfUse.HRESCH).build())))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code()).isEqualTo(Code.DUA_REQUIRED));
    AuditEntry refused = ofType("ai.decision").get(0);
    assertThat(refused.record()).containsEntry("duaCheck", "missing");
    assertThat(refused.record().get("raisedTags").toString()).contains("finding:SSN");

    // With its DUA: served under the stricter PHI rules (research on PHI must be de-identified).
    ChatResponse r =
        client.chat(
            note(
                "notes",
                tags(DataClass.LIMITED_DATA_SET, PurposeOfUse.HRESCH).duaId("DUA-7").build()));
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.declaredTags().dataClass()).isEqualTo("LDS");
    assertThat(s.effectiveTags().dataClass()).isEqualTo("PHI");
    assertThat(s.raisedTags())
        .contains(new ComplianceSummary.Raise("dataClass", "PHI", "finding:SSN"))
        .noneMatch(x -> x.reason().equals("finding:DATE"));
    assertThat(s.ruleIds()).contains("lds-needs-dua", "research-deid");
    assertThat(s.obligations()).contains("DEID");
    assertThat(s.enforcedObligations()).contains("DEID");
    assertThat(s.transformations()).contains("DEID:GENERALIZE");
    AuditEntry decided =
        trail.entries().stream()
            .filter(e -> e.eventId().equals(s.auditEventId()))
            .findFirst()
            .orElseThrow();
    assertThat(decided.record()).containsEntry("duaCheck", "present");
    assertThat(((Map<?, ?>) decided.record().get("declaredTags")).get("dataClass"))
        .isEqualTo("LDS");
    assertThat(((Map<?, ?>) decided.record().get("tags")).get("dataClass")).isEqualTo("PHI");
  }

  @Test
  void limitedDataSetHandlingKeepsDatesWhileSafeHarborGeneralizesThem() {
    client();
    String text = "Admitted 2024-03-05, discharged 2024-03-09 after Jane Roe's visit.";
    // An LDS that must be redacted: the name goes, the dates stay. (The name also raises it to
    // PHI; a declared LDS with only dates stays an LDS.)
    ChatRequest lds =
        ChatRequest.builder()
            .model("notes")
            .user("Admitted 2024-03-05, discharged 2024-03-09.")
            .compliance(
                tags(DataClass.LIMITED_DATA_SET, PurposeOfUse.HOPERAT)
                    .duaId("DUA-7")
                    .addObligation(Obligation.REDACT)
                    .build())
            .build();
    ChatResponse kept = client.chat(lds);
    assertThat(kept.compliance().orElseThrow().transformations())
        .contains("LDS:KEEP_DATES_ZIP_AGES", "REDACT:TYPE_MASK");
    assertThat(zone.sentText()).contains("2024-03-05", "2024-03-09");
    // PHI under DEID (research): Safe Harbor generalizes dates to the year and removes the name.
    ChatRequest phi =
        ChatRequest.builder()
            .model("notes")
            .user(text)
            .compliance(tags(DataClass.PHI, PurposeOfUse.HRESCH).build())
            .build();
    client.chat(phi);
    String sent = zone.chats().get(1).messages().get(0).text();
    assertThat(sent).doesNotContain("2024-03-05", "Jane Roe").contains("2024");
  }

  @Test
  void theSummaryExplainsExclusionsObligationsLabelsAndRaisedSensitivity() {
    client();
    ChatRequest request =
        ChatRequest.builder()
            .model("notes")
            .user("Patient on methadone maintenance, stable.")
            .compliance(tags(DataClass.PHI, PurposeOfUse.TREAT).build())
            .build();
    ChatResponse r = client.chat(request);
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(r.provider()).isEqualTo("onprem");
    assertThat(s.excludedProviders())
        .extracting(ProviderExclusion::provider)
        .containsExactly("global", "zone-us");
    assertThat(s.excludedProviders().get(1).codes()).containsExactly(Code.KIND_NOT_ALLOWED);
    assertThat(s.excludedProviders().get(1).ruleIds()).containsExactly("part2-onprem");
    assertThat(s.refrains()).contains("NORDSCLCD");
    assertThat(s.labels()).contains("AIAST", "SUD", "R");
    assertThat(s.declaredTags().sensitivity()).isEmpty();
    assertThat(s.effectiveTags().sensitivity()).contains("SUD", "OPIOIDUD");
    assertThat(s.raisedTags())
        .contains(new ComplianceSummary.Raise("sensitivity", "SUD", "lexicon:stub-lexicon"));
    AuditEntry decided =
        trail.entries().stream()
            .filter(e -> e.eventId().equals(s.auditEventId()))
            .findFirst()
            .orElseThrow();
    assertThat(decided.record().get("excluded").toString())
        .contains("KIND_NOT_ALLOWED")
        .contains("part2-onprem");
    assertThat(decided.record().get("raisedTags").toString()).contains("lexicon:stub-lexicon");
  }

  @Test
  void theEndUserIdLeavesOnlyAsAStableKeyedPseudonymUnlessTheProfileOptsOut() {
    client();
    String user = "dr.ada.quill";
    ChatRequest request =
        note("notes", tags(DataClass.PHI, PurposeOfUse.TREAT).build()).toBuilder()
            .endUser(user)
            .build();
    client.chat(request);
    client.chat(request);
    String first = zone.chats().get(0).endUser().orElseThrow();
    assertThat(first).isNotEqualTo(user).doesNotContain("ada").matches("[0-9a-f]{64}");
    assertThat(zone.chats().get(1).endUser()).contains(first);
    assertThat(trail.entries().toString()).doesNotContain(user);

    client.chat(request.toBuilder().model("raw").build());
    assertThat(raw.chats().get(0).endUser()).contains(user);
    client.chat(request.toBuilder().model("omit").build());
    assertThat(omit.chats().get(0).endUser()).isEmpty();
  }
}
