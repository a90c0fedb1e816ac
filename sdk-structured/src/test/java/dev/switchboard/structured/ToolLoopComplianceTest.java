package dev.switchboard.structured;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Requester;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Tool results leave the process like any other message: the detector and policy see them, and
 * every round is audited.
 */
class ToolLoopComplianceTest {
  static final AuditKey KEY =
      AuditKey.of("test", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.UTF_8));

  /** A chart lookup whose result is full of identifiers. */
  static final class Chart {
    @Tool("The patient's identifiers and last note")
    String chart(@ToolParam("Bed number") int bed) {
      return "Jane Roe, SSN 536-22-8147, MRN-0012345, jane.roe@example.org: stable after PCI.";
    }
  }

  private final MockProvider cloud = MockProvider.builder().id("zone-us").build();
  private final AuditTrail trail = AuditTrail.inMemory();
  private final ModelClient client =
      ModelClient.builder()
          .provider(cloud)
          .route("notes", Route.of("zone-us", "gpt-4o-mini"))
          .defaultModel("notes")
          .clock(new VirtualClock())
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

  @AfterEach
  void close() {
    client.close();
  }

  /** Hospital operations in the cloud: the policy demands pseudonyms. */
  private static ChatRequest ask() {
    return ChatRequest.builder()
        .user("Summarize bed 4 for the handover.")
        .compliance(
            ComplianceTags.builder()
                .dataClass(DataClass.PHI)
                .purposeOfUse(PurposeOfUse.HOPERAT)
                .requester(Requester.of("u-4711", "attending", "handover-app"))
                .patientRef(KEY.hash("MRN-0012345"))
                .build())
        .build();
  }

  @Test
  void toolResultsArePseudonymizedBeforeTheyLeaveAndEveryRoundIsAudited() {
    cloud.enqueue(
        MockReply.toolCalls(new ToolCall("c1", "chart", "{\"bed\":4}")),
        MockReply.text("Handover: stable after PCI."));
    ChatResponse answer = ToolLoop.builder(client).tools(new Chart()).build().run(ask());
    assertThat(answer.text()).isEqualTo("Handover: stable after PCI.");

    ToolMessage sent = (ToolMessage) cloud.chatRequests().get(1).messages().get(2);
    assertThat(sent.content())
        .doesNotContain("536-22-8147", "MRN-0012345", "jane.roe@example.org")
        .contains("stable after PCI");
    assertThat(answer.compliance()).isPresent();
    // both rounds went through the audit stage: a decision and a response record each
    assertThat(trail.entries())
        .extracting(e -> e.eventType())
        .containsSubsequence("ai.decision", "ai.response", "ai.decision", "ai.response")
        .filteredOn(t -> t.startsWith("ai."))
        .hasSize(4);
  }
}
