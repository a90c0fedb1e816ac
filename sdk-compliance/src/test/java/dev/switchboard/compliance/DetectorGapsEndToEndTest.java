package dev.switchboard.compliance;

import static dev.switchboard.compliance.ComplianceEndToEndTest.KEY;
import static dev.switchboard.compliance.ComplianceEndToEndTest.answer;
import static dev.switchboard.compliance.ComplianceEndToEndTest.echoing;
import static dev.switchboard.compliance.ComplianceEndToEndTest.phi;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.internal.detect.Validators;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.testing.ScriptedProvider;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The detector's gaps of issue 11 through the whole pipeline with the default detector: possessive
 * names pseudonymized and restored through a stream, unissued tokens flagged with their types, and
 * the output guard over every identifier type the detector knows.
 */
class DetectorGapsEndToEndTest {
  final ScriptedProvider zone = echoing("zone-us");
  final AuditTrail trail = AuditTrail.inMemory();
  ModelClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  ModelClient client() {
    client =
        ModelClient.builder()
            .provider(zone)
            .route("notes", Route.failover(Target.of("zone-us", "gpt-4o-mini")))
            .with(
                Compliance.builder()
                    .profile(
                        "zone-us",
                        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
                            .deployment(DeploymentType.DATAZONE_US)
                            .baa(Baa.of("MSFT-BAA", LocalDate.of(2099, 12, 31)))
                            .humanReview(false)
                            .build())
                    .policy(CompliancePolicy.exampleHospitalPolicy())
                    .auditTrail(trail)
                    .auditKey(KEY)
                    .build())
            .build();
    return client;
  }

  /** Operations in the cloud: the example policy pseudonymizes. */
  static ChatRequest operations(String text) {
    return ChatRequest.builder()
        .model("notes")
        .user(text)
        .compliance(phi(PurposeOfUse.HOPERAT))
        .build();
  }

  /** Treatment under a BAA: the example policy sends the text as it is. */
  static ChatRequest treatment(String text) {
    return ChatRequest.builder()
        .model("notes")
        .user(text)
        .compliance(phi(PurposeOfUse.TREAT))
        .build();
  }

  @Test
  void possessiveNamesKeepOnePseudonymAndRestoreThroughAStream() {
    client();
    zone.chunkChars(2);
    String note = "Dr. Okafor's plan: Dr. Okafor will call Mrs. Reyes\u2019s son on 03/14/2025.";
    StringBuilder seen = new StringBuilder();
    ChatResponse done = null;
    try (ChatStream stream = client.stream(operations(note))) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) seen.append(d.text());
        if (e instanceof ChatEvent.Completed c) done = c.response();
      }
    }
    String sent = zone.sentText();
    assertThat(sent).doesNotContain("Okafor", "Reyes", "03/14/2025").contains("\u27e7's plan");
    assertThat(sent.split("\u27e6NAME_", -1)).hasSize(4); // three name tokens...
    assertThat(distinctTokens(sent, "NAME")).isEqualTo(2); // ...for two people
    assertThat(seen.toString()).isEqualTo("Echo: " + note);
    assertThat(done).isNotNull();
    assertThat(done.compliance().orElseThrow().unknownTokenTypes()).isEmpty();
  }

  private static long distinctTokens(String text, String label) {
    return java.util.regex.Pattern.compile("\u27e6" + label + "_[A-Z0-9]{5}\u27e7")
        .matcher(text)
        .results()
        .map(java.util.regex.MatchResult::group)
        .distinct()
        .count();
  }

  @Test
  void unissuedTokensAreFlaggedWithTheirTypesOnTheSummaryAndInTheAudit() {
    client();
    zone.always(answer("See \u27e6SSN_BCDFG\u27e7 and MRN_HJKMN for Dr. Okafor's note."));
    ChatResponse r = client.chat(operations("Dr. Okafor's note on chest pain."));
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.unknownTokens()).isEqualTo(2);
    assertThat(s.unknownTokenTypes()).containsExactlyInAnyOrder("SSN", "MRN");
    assertThat(s.warnings()).contains("RESTORE_UNKNOWN_TOKEN");
    assertThat(r.text()).contains("\u27e6SSN_BCDFG\u27e7", "MRN_HJKMN"); // never guessed
    AuditEntry outcome = outcome();
    assertThat(outcome.record()).containsEntry("unknownTokenTypes", List.of("MRN", "SSN"));
  }

  @Test
  void unissuedTokensAreFlaggedEvenWhenNothingWasPseudonymized() {
    client();
    zone.always(answer("Your summary mentions \u27e6NAME_BCDFG\u27e7."));
    ChatResponse r = client.chat(treatment("Chest pain, resolved."));
    ComplianceSummary s = r.compliance().orElseThrow();
    assertThat(s.transformations()).isEmpty();
    assertThat(s.unknownTokens()).isEqualTo(1);
    assertThat(s.unknownTokenTypes()).containsExactly("NAME");
    assertThat(outcome().record()).containsEntry("unknownTokenTypes", List.of("NAME"));
  }

  private AuditEntry outcome() {
    return trail.entries().stream()
        .filter(e -> e.eventType().equals("ai.response"))
        .reduce((a, b) -> b)
        .orElseThrow();
  }

  /** One identifier of each type the detector knows, as a model might write it in an answer. */
  static Map<FindingType, String> samples() {
    Map<FindingType, String> m = new EnumMap<>(FindingType.class);
    m.put(FindingType.NAME, "Ask Dr. Okafor about it.");
    m.put(FindingType.DATE, "It happened on 03/14/2024.");
    m.put(FindingType.AGE_OVER_89, "A ninety-one year old man.");
    m.put(FindingType.PHONE, "Call 617-555-0142 for details.");
    m.put(FindingType.FAX, "Fax: 617-555-0199 for records.");
    m.put(FindingType.EMAIL, "Write to jo.lee@example.org today.");
    m.put(FindingType.SSN, "SSN 219-45-6789 on file.");
    m.put(FindingType.MRN, "MRN: 00482913 on file.");
    m.put(FindingType.HEALTH_PLAN_ID, "Member ID W123456789 on file.");
    m.put(FindingType.ACCOUNT_NUMBER, "Account #: 123-456789 on file.");
    m.put(FindingType.LICENSE_NUMBER, "Driver's license: D1234567 on file.");
    m.put(FindingType.VEHICLE_ID, "Vehicle plate 7ABC123 was noted.");
    m.put(FindingType.DEVICE_ID, "Pacemaker S/N: AB12345 was checked.");
    m.put(FindingType.URL, "See https://portal.example.org/chart for more.");
    m.put(FindingType.IP_ADDRESS, "Logged from IP 192.0.2.17 today.");
    m.put(FindingType.ZIP_CODE, "Mail to Boston, MA 02114 please.");
    m.put(FindingType.STREET_ADDRESS, "She lives at 12 Oak Street now.");
    m.put(FindingType.NPI, "Ordering provider NPI " + npi() + ".");
    m.put(FindingType.DEA, "Prescriber DEA # AB1234563.");
    m.put(FindingType.MBI, "Medicare MBI 1EG4-TE5-MK73 verified.");
    m.put(FindingType.CARD_NUMBER, "Paid with card 4111 1111 1111 1111 today.");
    m.put(FindingType.OTHER_ID, "Claim # 1234-56789 was denied.");
    return m;
  }

  private static String npi() {
    for (int c = 0; c <= 9; c++) if (Validators.npi("123456789" + c)) return "123456789" + c;
    throw new AssertionError("no NPI check digit");
  }

  @Test
  void theSamplesCoverEveryFindingTypeAndEachIsDetectedAsItsType() {
    Map<FindingType, String> samples = samples();
    assertThat(samples.keySet()).containsExactlyInAnyOrder(FindingType.values());
    PhiDetector detector = PhiDetector.defaultDetector();
    samples.forEach(
        (type, text) ->
            assertThat(detector.detect(text).findings())
                .as("%s in %s", type, text)
                .anyMatch(f -> f.type() == type));
  }

  @Test
  void theOutputGuardFlagsANewIdentifierOfEveryType() {
    client();
    for (Map.Entry<FindingType, String> e : samples().entrySet()) {
      zone.always(answer(e.getValue()));
      ChatResponse r = client.chat(treatment("Summarize the visit for chest pain."));
      ComplianceSummary s = r.compliance().orElseThrow();
      assertThat(s.newIdentifiers())
          .as("new %s in the answer", e.getKey())
          .isGreaterThanOrEqualTo(1);
      assertThat(s.warnings()).contains("OUTPUT_NEW_IDENTIFIER");
    }
  }

  @Test
  void anIdentifierTheRequestHeldIsNotNew() {
    client();
    zone.always(answer("Pacemaker S/N: AB12345 was checked."));
    ChatResponse r = client.chat(treatment("Pacemaker S/N: AB12345, battery fine."));
    assertThat(r.compliance().orElseThrow().newIdentifiers()).isZero();
  }
}
