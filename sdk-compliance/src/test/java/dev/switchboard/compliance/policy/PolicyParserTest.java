package dev.switchboard.compliance.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.switchboard.error.ConfigException;
import org.junit.jupiter.api.Test;

class PolicyParserTest {

  @Test
  void anInvalidPolicyListsEveryProblemByPath() {
    String yaml =
        """
        defaults: {decision: ALLOW, audit: {failClosed: false}}
        rules:
        - {id: a, when: {dataClass: [PHI, SECRET]}, require: {provider: {kind: CLOUDY}}}
        - {id: a, when: {sensitivity: [HIVV]}, decision: BLOCK, error: NOT_A_CODE}
        - {id: b, when: {purposeOfUse: [TREET]}, obligations: [SHRED], colour: blue}
        - {id: c, when: {dataClass: [PHI]}}
        """;
    assertThatThrownBy(() -> CompliancePolicy.parse(yaml, "bad.yaml"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e -> assertThat(((ConfigException) e).code()).contains(CompliancePolicy.POLICY_INVALID))
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .allMatch(p -> p.matches("[^:]+ \\(line \\d+:\\d+\\): .+"), "located"))
        .satisfies(
            e ->
                assertThat(
                        ((ConfigException) e)
                            .problems().stream()
                                .map(p -> p.replaceFirst(" \\(line \\d+:\\d+\\)", ""))
                                .toList())
                    .contains(
                        "version: is required",
                        "defaults.decision: must be BLOCK: a request no rule allows is refused",
                        "defaults.audit.failClosed: must be true: a call whose audit record cannot be written is refused",
                        "rules[0].when.dataClass[1]: must be PUBLIC, INTERNAL, PHI, LDS, DEID_SAFE_HARBOR, DEID_EXPERT, SYNTHETIC or UNSPECIFIED",
                        "rules[1].id: duplicates an earlier rule id",
                        "rules[1].when.sensitivity[0]: not a known HL7 sensitivity code",
                        "rules[2].when.purposeOfUse[0]: not a known HL7 purpose of use",
                        "rules[2].colour: unknown key",
                        "rules[3]: does nothing: give decision, require, obligations, refrains, outputNotice or audit"))
        .hasMessageContaining("bad.yaml (POLICY_INVALID)");
  }

  @Test
  void eachProblemNamesItsPathAndItsLineAndColumn() {
    String yaml =
        """
        version: 1
        defaults: {decision: ALLOW}
        rules:
          - id: a
            when:
              sensitivity: [HIVV]
            obligations: [REDACT]
          - id: b
            when: {dataClass: [PHI]}
            colour: blue
        """;
    ConfigException e =
        catchThrowableOfType(ConfigException.class, () -> CompliancePolicy.parse(yaml, "p.yaml"));
    assertThat(e.code()).contains("POLICY_INVALID");
    assertThat(e.getMessage()).startsWith("p.yaml (POLICY_INVALID): 4 problems");
    assertThat(e.problems())
        .containsExactlyInAnyOrder(
            "defaults.decision (line 2:12): must be BLOCK: a request no rule allows is refused",
            "rules[0].when.sensitivity[0] (line 6:21): not a known HL7 sensitivity code",
            "rules[1] (line 8:5): does nothing: give decision, require, obligations, refrains,"
                + " outputNotice or audit",
            "rules[1].colour (line 10:5): unknown key");
  }

  @Test
  void aMissingRequiredKeyIsPlacedAtTheMappingThatLacksIt() {
    ConfigException e =
        catchThrowableOfType(
            ConfigException.class,
            () ->
                CompliancePolicy.parse(
                    "version: 1\nrules:\n  - when: {dataClass: [PHI]}\n    obligations: [REDACT]\n",
                    "p.yaml"));
    assertThat(e.problems()).contains("rules[0].id (line 3:5): is required");
  }

  @Test
  void invalidYamlIsReportedWithItsPosition() {
    assertThatThrownBy(() -> CompliancePolicy.parse("rules: [ {id: a", "x.yaml"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("not valid YAML at line");
  }

  @Test
  void theExamplePolicyLoadsWithAStableHash() {
    CompliancePolicy p = CompliancePolicy.exampleHospitalPolicy();
    assertThat(p.version()).isEqualTo(3);
    assertThat(p.ruleIds())
        .contains(
            "phi-needs-baa",
            "part2-onprem",
            "psychotherapy-notes",
            "very-restricted",
            "research-deid",
            "no-training-on-phi",
            "ops-min-necessary",
            "break-glass",
            "test-is-synthetic",
            "residency");
    assertThat(p.hash())
        .isEqualTo(CompliancePolicy.exampleHospitalPolicy().hash())
        .matches("[0-9a-f]{64}");
    assertThat(p.escalates()).isTrue();
  }

  @Test
  void theHashChangesWithTheFile() {
    String a = "version: 1\nrules:\n- {id: x, when: {dataClass: [PHI]}, obligations: [REDACT]}\n";
    assertThat(CompliancePolicy.parse(a, "a").hash())
        .isNotEqualTo(CompliancePolicy.parse(a + "# edited\n", "a").hash());
  }
}
