package dev.switchboard.compliance.policy;

import static dev.switchboard.compliance.policy.Profiles.TODAY;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.Target;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.DeidAttestation;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Residency;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every combination of data class, purpose, sensitivity and residency against every provider
 * profile, each alone and all together: the invariants the example policy must keep.
 */
class PolicyTableTest {
  private static final CompliancePolicy POLICY = CompliancePolicy.exampleHospitalPolicy();
  private static final List<String> PROVIDERS = List.copyOf(Profiles.ALL.keySet());

  static Stream<ComplianceTags> tags() {
    List<ComplianceTags> out = new ArrayList<>();
    List<String[]> sensitivities =
        List.of(
            new String[0],
            new String[] {"HIV"},
            new String[] {"OPIOIDUD"},
            new String[] {"PSYTHPN"},
            new String[] {"CEL"});
    for (PurposeOfUse purpose :
        List.of(
            PurposeOfUse.TREAT,
            PurposeOfUse.BTG,
            PurposeOfUse.HPAYMT,
            PurposeOfUse.HOPERAT,
            PurposeOfUse.HRESCH,
            PurposeOfUse.MLTRAINING,
            PurposeOfUse.HTEST,
            PurposeOfUse.PUBHLTH)) {
      for (DataClass dc : DataClass.values()) {
        for (String[] s : sensitivities) {
          for (Residency r : new Residency[] {null, Residency.US, Residency.EU, Residency.ONPREM}) {
            ComplianceTags.Builder b =
                ComplianceTags.builder().purposeOfUse(purpose).addSensitivity(s).residency(r);
            if (dc.isDeidentified())
              b.deidentified(new DeidAttestation(dc, "R-1", "privacy-office"));
            else b.dataClass(dc);
            if (dc == DataClass.LIMITED_DATA_SET) b.duaId("DUA-1");
            out.add(b.breakGlass(purpose == PurposeOfUse.BTG ? "ED" : null).build());
          }
        }
      }
    }
    return out.stream();
  }

  private static PolicyDecision decide(ComplianceTags tags, List<String> providers) {
    List<Target> targets = providers.stream().map(p -> Target.of(p, "m")).toList();
    return POLICY.evaluate(
        new PolicyInput(tags, Set.of(Modality.TEXT), targets, Profiles.ALL, null, 0, TODAY));
  }

  @Test
  void invariantsHoldForEveryCombinationOfTagsAndProviders() {
    List<ComplianceTags> all = tags().toList();
    assertThat(all.size()).isGreaterThan(1000);
    for (ComplianceTags tags : all) {
      for (String provider : PROVIDERS) check(tags, List.of(provider));
      check(tags, PROVIDERS);
    }
  }

  private static void check(ComplianceTags tags, List<String> providers) {
    PolicyDecision d = decide(tags, providers);
    assertThat(d.blocked()).isEqualTo(d.eligible().isEmpty());
    assertThat(d.policyHash()).isEqualTo(POLICY.hash());
    assertThat(d.eligible()).allSatisfy(t -> assertThat(providers).contains(t.provider()));
    if (tags.isIncomplete()) assertThat(d.blocked()).isTrue();
    if (tags.sensitivity().contains("PSYTHPN")) assertThat(d.blocked()).isTrue();
    if (tags.purpose().orElseThrow().isA(PurposeOfUse.MLTRAINING) && tags.dataClass().isPhi()) {
      assertThat(d.blocked()).isTrue();
    }
    if (tags.purpose().orElseThrow().isA(PurposeOfUse.SYSDEV)) {
      assertThat(d.blocked())
          .isEqualTo(
              tags.dataClass() != DataClass.SYNTHETIC
                  || d.eligible().stream().noneMatch(t -> providers.contains("mock")));
    }
    for (Target t : d.eligible()) {
      ProviderProfile p = Profiles.ALL.get(t.provider());
      if (tags.dataClass().isPhi()) {
        assertThat(p.kind() == ProviderKind.ON_PREM || p.baaInForce(TODAY).isPresent()).isTrue();
        assertThat(p.deployment()).isNotEqualTo(dev.switchboard.compliance.DeploymentType.GLOBAL);
        assertThat(p.processesWithin(tags.residency().orElse(Residency.US))).isTrue();
      }
      if (!tags.expandedSensitivity().stream()
          .filter(Set.of("SUD", "CEL")::contains)
          .toList()
          .isEmpty()) {
        assertThat(p.kind()).isEqualTo(ProviderKind.ON_PREM);
      }
      assertThat(p.maxConfidentiality().atLeast(tags.confidentiality())).isTrue();
    }
  }

  @Test
  void evaluationIsDeterministic() {
    tags()
        .limit(300)
        .forEach(tags -> assertThat(decide(tags, PROVIDERS)).isEqualTo(decide(tags, PROVIDERS)));
  }
}
