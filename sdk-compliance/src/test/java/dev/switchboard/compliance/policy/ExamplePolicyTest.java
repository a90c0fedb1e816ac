package dev.switchboard.compliance.policy;

import static dev.switchboard.compliance.policy.Profiles.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Target;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Decision;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Refrain;
import dev.switchboard.compliance.Residency;
import dev.switchboard.error.ComplianceViolationException.Code;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The example hospital policy, case by case: each rule of the compliance design. */
class ExamplePolicyTest {
  private static final CompliancePolicy POLICY = CompliancePolicy.exampleHospitalPolicy();

  private static ComplianceTags.Builder phi(PurposeOfUse purpose) {
    return ComplianceTags.builder().dataClass(DataClass.PHI).purposeOfUse(purpose);
  }

  private static PolicyDecision decide(ComplianceTags tags, String... providers) {
    return decide(tags, Set.of(Modality.TEXT), null, 0, providers);
  }

  private static PolicyDecision decide(
      ComplianceTags tags,
      Set<Modality> modalities,
      String pinned,
      int findings,
      String... providers) {
    List<Target> targets = Arrays.stream(providers).map(p -> Target.of(p, "m")).toList();
    return POLICY.evaluate(
        new PolicyInput(tags, modalities, targets, Profiles.ALL, pinned, findings, TODAY));
  }

  private static List<Code> codesOf(PolicyDecision d, String provider) {
    return d.exclusions().stream()
        .filter(x -> x.provider().equals(provider))
        .findFirst()
        .orElseThrow()
        .codes();
  }

  private static List<String> eligible(PolicyDecision d) {
    return d.eligible().stream().map(Target::provider).toList();
  }

  @Test
  void phiForTreatmentRoutesToBaaDataZoneAndOnPremButNeverGlobal() {
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).build(), "global", "zone-us", "onprem");
    assertThat(d.decision()).isEqualTo(Decision.ROUTE);
    assertThat(eligible(d)).containsExactly("zone-us", "onprem");
    assertThat(d.ruleIds()).contains("phi-needs-baa", "residency");
    assertThat(d.exclusions())
        .extracting(dev.switchboard.compliance.ProviderExclusion::label)
        .containsExactly("global/m");
  }

  @Test
  void phiToGlobalCloudWithoutBaaIsBlockedForTheBaa() {
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).build(), "global");
    assertThat(d.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(d.blockingRule()).isEqualTo("defaults");
    assertThat(codesOf(d, "global")).contains(Code.BAA_REQUIRED);
    assertThat(d.exclusions().get(0).ruleIds()).contains("phi-needs-baa");
    assertThat(d.policyHash()).isEqualTo(POLICY.hash()).hasSize(64);
  }

  @Test
  void globalDeploymentIsRefusedEvenWithBaa() {
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).build(), "global-baa");
    assertThat(d.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codesOf(d, "global-baa"))
        .containsExactly(Code.DEPLOYMENT_NOT_ALLOWED, Code.RESIDENCY_VIOLATION);
  }

  @Test
  void expiredBaaCountsAsNone() {
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).build(), "zone-us-expired");
    assertThat(d.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codesOf(d, "zone-us-expired")).containsExactly(Code.BAA_EXPIRED);
  }

  @Test
  void humanReviewByTheVendorExcludesACloudDeployment() {
    assertThat(decide(phi(PurposeOfUse.TREAT).build(), "zone-us-review").blockCode())
        .isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
  }

  @Test
  void euResidencyKeepsOnlyTheEuDataZone() {
    ComplianceTags eu = phi(PurposeOfUse.TREAT).residency(Residency.EU).build();
    assertThat(eligible(decide(eu, "zone-us", "zone-eu", "regional-east")))
        .containsExactly("zone-eu");
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).build(), "zone-eu");
    assertThat(d.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codesOf(d, "zone-eu")).containsExactly(Code.RESIDENCY_VIOLATION);
    assertThat(eligible(decide(phi(PurposeOfUse.TREAT).build(), "regional-east")))
        .containsExactly("regional-east");
  }

  @Test
  void substanceUseRecordsStayOnPremWithTheRedisclosureNotice() {
    PolicyDecision d =
        decide(phi(PurposeOfUse.TREAT).addSensitivity("ETHUD").build(), "zone-us", "onprem");
    assertThat(eligible(d)).containsExactly("onprem");
    assertThat(d.refrains()).contains(Refrain.NORDSCLCD);
    assertThat(d.notices()).contains("part2-redisclosure");
  }

  @Test
  void part2OutsideTreatmentPaymentOperationsNeedsConsent() {
    ComplianceTags noConsent = phi(PurposeOfUse.PUBHLTH).addPrivacyLaw("42CFRPart2").build();
    assertThat(decide(noConsent, "onprem").blockCode()).isEqualTo(Code.CONSENT_REQUIRED);
    ComplianceTags consented = noConsent.toBuilder().consentRef("Consent/77").build();
    assertThat(decide(consented, "onprem").decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void psychotherapyNotesAreBlockedWhateverElseAllows() {
    PolicyDecision d = decide(phi(PurposeOfUse.TREAT).addSensitivity("PSYTHPN").build(), "onprem");
    assertThat(d.blockCode()).isEqualTo(Code.PSYCHOTHERAPY_NOTES_EXCLUDED);
    assertThat(d.eligible()).isEmpty();
  }

  @Test
  void vipRecordsStayOnPremAndAlert() {
    PolicyDecision d =
        decide(phi(PurposeOfUse.TREAT).addSensitivity("VIP").build(), "zone-us", "onprem");
    assertThat(eligible(d)).containsExactly("onprem");
    assertThat(d.alert()).isTrue();
  }

  @Test
  void researchOnPhiMustBeDeidentified() {
    PolicyDecision d = decide(phi(PurposeOfUse.HRESCH).build(), "zone-us", "onprem");
    assertThat(d.decision()).isEqualTo(Decision.ALLOW_WITH);
    assertThat(d.obligations()).contains(Obligation.DEID);
  }

  @Test
  void trainingOnPhiIsBlocked() {
    assertThat(decide(phi(PurposeOfUse.MLTRAINING).build(), "onprem").blockCode())
        .isEqualTo(Code.TRAINING_REQUIRES_DEID);
  }

  @Test
  void operationsInTheCloudArePseudonymizedButNotOnPrem() {
    PolicyDecision cloud = decide(phi(PurposeOfUse.HOPERAT).build(), "zone-us");
    assertThat(cloud.decision()).isEqualTo(Decision.ALLOW_WITH);
    assertThat(cloud.obligations()).containsExactlyInAnyOrder(Obligation.PSEUD, Obligation.MINEC);
    PolicyDecision local = decide(phi(PurposeOfUse.HOPERAT).build(), "onprem");
    assertThat(local.decision()).isEqualTo(Decision.ALLOW);
    assertThat(local.obligations()).isEmpty();
    assertThat(decide(phi(PurposeOfUse.PMTDS).build(), "partner").obligations())
        .contains(Obligation.PSEUD);
  }

  @Test
  void breakGlassNeedsAReasonAndAlerts() {
    assertThat(decide(phi(PurposeOfUse.BTG).build(), "onprem").blockCode())
        .isEqualTo(Code.BREAK_GLASS_REASON_REQUIRED);
    PolicyDecision d =
        decide(phi(PurposeOfUse.BTG).breakGlass("unresponsive in ED").build(), "onprem");
    assertThat(d.decision()).isEqualTo(Decision.ALLOW);
    assertThat(d.alert()).isTrue();
    assertThat(d.ruleIds()).contains("break-glass");
  }

  @Test
  void testsTakeSyntheticDataWithoutIdentifiersOnTestProviders() {
    ComplianceTags synthetic = ComplianceTags.of(DataClass.SYNTHETIC, "HTEST");
    assertThat(decide(synthetic, "mock").decision()).isEqualTo(Decision.ALLOW);
    assertThat(decide(synthetic, Set.of(Modality.TEXT), null, 2, "mock").blockCode())
        .isEqualTo(Code.SYNTHETIC_REQUIRED);
    PolicyDecision prod = decide(synthetic, "zone-us");
    assertThat(prod.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codesOf(prod, "zone-us")).containsExactly(Code.ENVIRONMENT);
    assertThat(decide(phi(PurposeOfUse.HTEST).build(), "mock").blockCode())
        .isEqualTo(Code.SYNTHETIC_REQUIRED);
  }

  @Test
  void publicDataMayGoAnywhere() {
    assertThat(
            decide(ComplianceTags.of(DataClass.PUBLIC, "TREAT"), "global", "undeclared").decision())
        .isEqualTo(Decision.ALLOW);
  }

  @Test
  void untaggedRequestsAreBlockedByDefault() {
    PolicyDecision d = decide(ComplianceTags.none(), "onprem");
    assertThat(d.blockCode()).isEqualTo(Code.TAGS_MISSING);
    assertThat(d.blockingRule()).isEqualTo("defaults");
    assertThat(
            decide(ComplianceTags.builder().dataClass(DataClass.PHI).build(), "onprem").blockCode())
        .isEqualTo(Code.TAGS_MISSING);
  }

  @Test
  void limitedDataSetNeedsItsDuaAndAnAllowedPurpose() {
    ComplianceTags noDua =
        ComplianceTags.builder()
            .dataClass(DataClass.LIMITED_DATA_SET)
            .purposeOfUse(PurposeOfUse.HRESCH)
            .build();
    assertThat(decide(noDua, "zone-us").blockCode()).isEqualTo(Code.DUA_REQUIRED);
    ComplianceTags forTreatment =
        ComplianceTags.builder().limitedDataSet("DUA-9").purposeOfUse(PurposeOfUse.TREAT).build();
    assertThat(decide(forTreatment, "zone-us").blockCode()).isEqualTo(Code.PURPOSE_NOT_ALLOWED);
    ComplianceTags research =
        ComplianceTags.builder().limitedDataSet("DUA-9").purposeOfUse(PurposeOfUse.HRESCH).build();
    assertThat(decide(research, "zone-us").decision()).isEqualTo(Decision.ALLOW);
  }

  @Test
  void imagesOutsideTheBaaScopeAreNotCovered() {
    PolicyDecision d =
        decide(
            phi(PurposeOfUse.TREAT).build(),
            Set.of(Modality.TEXT, Modality.IMAGE),
            null,
            0,
            "zone-us");
    assertThat(d.blockCode()).isEqualTo(Code.NO_ELIGIBLE_PROVIDER);
    assertThat(codesOf(d, "zone-us")).containsExactly(Code.BAA_SCOPE);
  }

  @Test
  void aPinnedIneligibleProviderIsNeverSwapped() {
    PolicyDecision d =
        decide(phi(PurposeOfUse.TREAT).build(), Set.of(Modality.TEXT), "global", 0, "global");
    assertThat(d.blockCode()).isEqualTo(Code.PINNED_PROVIDER_INELIGIBLE);
    assertThat(d.hint()).contains("never swapped");
  }

  @Test
  void aProfileConfidentialityCeilingExcludesRestrictedData() {
    PolicyDecision d =
        decide(phi(PurposeOfUse.TREAT).addSensitivity("HIV").build(), "onprem-n", "onprem");
    assertThat(eligible(d)).containsExactly("onprem");
    assertThat(d.exclusions()).hasSize(1);
    assertThat(d.exclusions().get(0).label()).isEqualTo("onprem-n/m");
    assertThat(d.exclusions().get(0).codes()).containsExactly(Code.CONFIDENTIALITY_CEILING);
    assertThat(d.exclusions().get(0).ruleIds()).containsExactly("profile");
  }

  @Test
  void undeclaredProvidersNeverReceivePhi() {
    assertThat(eligible(decide(phi(PurposeOfUse.TREAT).build(), "undeclared", "mock", "onprem")))
        .containsExactly("onprem");
    assertThat(decide(phi(PurposeOfUse.TREAT).build(), "undeclared").blocked()).isTrue();
  }
}
