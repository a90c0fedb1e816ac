package dev.switchboard.compliance.policy;

import static dev.switchboard.compliance.policy.Profiles.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Target;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Residency;
import dev.switchboard.error.ComplianceViolationException.Code;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Policy x profiles x tags: the per-provider reason codes (every failed check, not the first) and
 * the block code, whose precedence does not depend on which other providers the route holds.
 */
class ReasonCodeTableTest {
  private static final CompliancePolicy POLICY = CompliancePolicy.exampleHospitalPolicy();

  static ComplianceTags phi(PurposeOfUse p) {
    return ComplianceTags.builder().dataClass(DataClass.PHI).purposeOfUse(p).build();
  }

  static PolicyDecision decide(
      ComplianceTags tags, Set<Modality> modalities, String pinned, List<String> providers) {
    List<Target> targets = providers.stream().map(p -> Target.of(p, "m")).toList();
    return POLICY.evaluate(
        new PolicyInput(tags, modalities, targets, Profiles.ALL, pinned, 0, TODAY));
  }

  static Map<String, List<Code>> codes(PolicyDecision d) {
    Map<String, List<Code>> out = new HashMap<>();
    for (ProviderExclusion x : d.exclusions()) out.put(x.provider(), x.codes());
    return out;
  }

  static Stream<Arguments> perProviderCodes() {
    ComplianceTags treat = phi(PurposeOfUse.TREAT);
    ComplianceTags eu = treat.toBuilder().residency(Residency.EU).build();
    ComplianceTags hiv = treat.toBuilder().addSensitivity("HIV").build();
    Set<Modality> text = Set.of(Modality.TEXT);
    Set<Modality> image = Set.of(Modality.TEXT, Modality.IMAGE);
    return Stream.of(
        Arguments.of(
            treat,
            text,
            "global",
            List.of(
                Code.BAA_REQUIRED,
                Code.DEPLOYMENT_NOT_ALLOWED,
                Code.HUMAN_REVIEW,
                Code.RESIDENCY_VIOLATION)),
        Arguments.of(treat, text, "zone-us-expired", List.of(Code.BAA_EXPIRED)),
        Arguments.of(treat, text, "zone-us-review", List.of(Code.HUMAN_REVIEW)),
        Arguments.of(
            treat,
            text,
            "undeclared",
            List.of(
                Code.BAA_REQUIRED,
                Code.DEPLOYMENT_NOT_ALLOWED,
                Code.HUMAN_REVIEW,
                Code.RESIDENCY_VIOLATION)),
        Arguments.of(
            treat,
            text,
            "mock",
            List.of(Code.BAA_REQUIRED, Code.DEPLOYMENT_NOT_ALLOWED, Code.ENVIRONMENT)),
        Arguments.of(eu, text, "zone-us", List.of(Code.RESIDENCY_VIOLATION)),
        Arguments.of(eu, text, "onprem", List.of(Code.RESIDENCY_VIOLATION)),
        Arguments.of(hiv, text, "onprem-n", List.of(Code.CONFIDENTIALITY_CEILING)),
        Arguments.of(treat, image, "zone-us", List.of(Code.BAA_SCOPE)),
        Arguments.of(
            treat.toBuilder().addSensitivity("CEL").build(),
            text,
            "zone-eu",
            List.of(Code.KIND_NOT_ALLOWED, Code.RESIDENCY_VIOLATION)));
  }

  @ParameterizedTest
  @MethodSource
  void perProviderCodes(
      ComplianceTags tags, Set<Modality> modalities, String provider, List<Code> expected) {
    PolicyDecision alone = decide(tags, modalities, null, List.of(provider));
    assertThat(alone.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codes(alone).get(provider)).containsExactlyElementsOf(expected);
    assertThat(alone.hint()).contains(provider + "/m").contains(expected.get(0).name());
    // The same provider next to an eligible one: excluded for the same reasons, call routed.
    PolicyDecision withOnprem = decide(tags, modalities, null, List.of(provider, "onprem"));
    if (!withOnprem.blocked()) {
      assertThat(codes(withOnprem).get(provider)).containsExactlyElementsOf(expected);
      assertThat(withOnprem.eligible()).extracting(Target::provider).containsExactly("onprem");
    }
  }

  @Test
  void anExpiredBaaIsItsOwnCodeAndAMissingOneAnother() {
    PolicyDecision d =
        decide(
            phi(PurposeOfUse.TREAT),
            Set.of(Modality.TEXT),
            null,
            List.of("zone-us-expired", "global"));
    assertThat(codes(d).get("zone-us-expired")).containsExactly(Code.BAA_EXPIRED);
    assertThat(codes(d).get("global")).contains(Code.BAA_REQUIRED).doesNotContain(Code.BAA_EXPIRED);
  }

  static Stream<Arguments> blockCodes() {
    ComplianceTags treat = phi(PurposeOfUse.TREAT);
    return Stream.of(
        Arguments.of(ComplianceTags.none(), null, Code.TAGS_MISSING),
        Arguments.of(
            treat.toBuilder().addSensitivity("PSYTHPN").build(),
            null,
            Code.PSYCHOTHERAPY_NOTES_EXCLUDED),
        Arguments.of(
            ComplianceTags.builder()
                .dataClass(DataClass.PHI)
                .purposeOfUse(PurposeOfUse.MLTRAINING)
                .build(),
            null,
            Code.TRAINING_REQUIRES_DEID),
        Arguments.of(phi(PurposeOfUse.BTG), null, Code.BREAK_GLASS_REASON_REQUIRED),
        Arguments.of(
            ComplianceTags.builder()
                .dataClass(DataClass.LIMITED_DATA_SET)
                .purposeOfUse(PurposeOfUse.HRESCH)
                .build(),
            null,
            Code.DUA_REQUIRED),
        Arguments.of(treat, "global", Code.PINNED_PROVIDER_INELIGIBLE),
        Arguments.of(treat, null, Code.NO_ELIGIBLE_PROVIDER));
  }

  /** Each block code holds with one ineligible provider and with every ineligible one added. */
  @ParameterizedTest
  @MethodSource
  void blockCodes(ComplianceTags tags, String pinned, Code expected) {
    List<String> ineligible = List.of("global", "undeclared", "zone-us-expired", "zone-us-review");
    PolicyDecision one = decide(tags, Set.of(Modality.TEXT), pinned, List.of("global"));
    PolicyDecision all = decide(tags, Set.of(Modality.TEXT), pinned, ineligible);
    assertThat(one.blockCode()).isEqualTo(expected);
    assertThat(all.blockCode()).isEqualTo(expected);
  }

  /**
   * For every combination of tags and every pair of providers: adding a provider never changes the
   * block code of a call that stays blocked, and never changes why another provider is excluded.
   */
  @Test
  void addingAnUnrelatedProviderNeverChangesTheBlockCodeOrAnotherProvidersReasons() {
    List<String> providers = new ArrayList<>(Profiles.ALL.keySet());
    List<ComplianceTags> every = PolicyTableTest.tags().toList();
    // Every tenth combination keeps the run short on a loaded machine and still covers each
    // purpose, class, sensitivity and residency.
    List<ComplianceTags> all = new ArrayList<>();
    for (int i = 0; i < every.size(); i += 10) all.add(every.get(i));
    int compared = 0;
    for (ComplianceTags tags : all) {
      for (String p : providers) {
        PolicyDecision alone = decide(tags, Set.of(Modality.TEXT), null, List.of(p));
        for (String q : providers) {
          if (q.equals(p)) continue;
          PolicyDecision both = decide(tags, Set.of(Modality.TEXT), null, List.of(p, q));
          assertThat(codes(both).get(p)).isEqualTo(codes(alone).get(p));
          if (alone.blocked() && both.blocked()) {
            assertThat(both.blockCode())
                .as("%s with %s: %s", p, q, tags)
                .isEqualTo(alone.blockCode());
            compared++;
          }
        }
      }
    }
    assertThat(compared).isGreaterThan(1_000);
  }

  @Test
  void unknownHumanReviewAndRetentionAreTreatedAsTheStrictCase() {
    ProviderProfile unknown =
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(dev.switchboard.compliance.DeploymentType.DATAZONE_US)
            .baa(Profiles.BAA)
            .humanReviewUnknown()
            .abuseMonitoringUnknown()
            .build();
    assertThat(unknown.humanReview()).isTrue();
    assertThat(unknown.humanReviewKnown()).isFalse();
    assertThat(unknown.abuseMonitoringKnown()).isFalse();
    CompliancePolicy strict =
        CompliancePolicy.parse(
            """
            version: 3
            rules:
            - {id: no-retention, when: {dataClass: [PHI]},
               require: {provider: {humanReview: false, maxAbuseMonitoringDays: 0}}}
            """,
            "strict.yaml");
    PolicyDecision d =
        strict.evaluate(
            new PolicyInput(
                phi(PurposeOfUse.TREAT),
                Set.of(Modality.TEXT),
                List.of(Target.of("cloud", "m")),
                Map.of("cloud", unknown),
                null,
                0,
                TODAY));
    assertThat(d.exclusions().get(0).codes())
        .containsExactly(Code.HUMAN_REVIEW, Code.ABUSE_MONITORING_RETENTION);
  }

  @Test
  void onPremResidencyFollowsTheDeclaredCountryAndOnlyATestMockIsExempt() {
    ProviderProfile onpremDe = ProviderProfile.builder(ProviderKind.ON_PREM).country("DE").build();
    ProviderProfile onpremNone = ProviderProfile.builder(ProviderKind.ON_PREM).build();
    ProviderProfile prodMock =
        ProviderProfile.builder(ProviderKind.MOCK)
            .environment(dev.switchboard.compliance.ProviderEnvironment.PROD)
            .build();
    assertThat(onpremDe.processesWithin(Residency.EU)).isTrue();
    assertThat(onpremDe.processesWithin(Residency.US)).isFalse();
    assertThat(onpremDe.processesWithin(Residency.ONPREM)).isTrue();
    assertThat(onpremNone.processesWithin(Residency.US)).isFalse();
    assertThat(onpremNone.processesWithin(Residency.ONPREM)).isTrue();
    assertThat(prodMock.processesWithin(Residency.US)).isFalse();
    assertThat(Profiles.ALL.get("mock").processesWithin(Residency.EU)).isTrue();
  }
}
