package org.example.hospital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.mock.junit.MockModelExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The mock with the example policy and an in-memory audit trail, set up in one line. */
class MockWithExamplePolicyTest {
  final Compliance compliance = Compliance.exampleForTests();

  @RegisterExtension
  final MockModelExtension models =
      MockModelExtension.builder().models("notes").client(b -> b.with(compliance)).build();

  @Test
  void callsAreDecidedByThePolicyAndAudited() {
    models
        .client()
        .chat(
            ChatRequest.builder()
                .model("notes")
                .user("Ward schedule.")
                .compliance(
                    ComplianceTags.builder()
                        .dataClass(DataClass.INTERNAL)
                        .purposeOfUse(PurposeOfUse.HOPERAT)
                        .build())
                .build());
    assertThatThrownBy(
            () ->
                models
                    .client()
                    .chat(
                        ChatRequest.builder()
                            .model("notes")
                            .user("Session notes.")
                            .compliance(
                                ComplianceTags.builder()
                                    .dataClass(DataClass.PHI)
                                    .purposeOfUse(PurposeOfUse.TREAT)
                                    .addSensitivity("PSYTHPN")
                                    .build())
                            .build()))
        .isInstanceOfSatisfying(
            ComplianceViolationException.class,
            e -> assertThat(e.code().name()).isEqualTo("PSYCHOTHERAPY_NOTES_EXCLUDED"));
    assertThat(models.mock().chatRequests())
        .as("the refused call never reached the mock")
        .hasSize(1);
    assertThat(compliance.auditTrail().orElseThrow().entries()).hasSizeGreaterThanOrEqualTo(2);
  }
}
