package dev.switchboard.compliance;

import static dev.switchboard.compliance.ComplianceEndToEndTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.FhirAuditExport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every exported AuditEvent, decision and outcome, carries its purpose of event, requester agent
 * and patient entity; a call to an on-prem model is not coded as an export. (A structural check:
 * validation with HAPI FHIR's validator is still to do.)
 */
class FhirExportFieldsTest {
  @Test
  void decisionAndOutcomeCarryPurposeRequesterAndPatientAndOnPremIsNotAnExport() throws Exception {
    AuditTrail trail = AuditTrail.inMemory();
    ComplianceEndToEndTest e2e = new ComplianceEndToEndTest();
    ModelClient client = e2e.client(trail);
    try {
      client.chat(
          ComplianceEndToEndTest.note(ComplianceEndToEndTest.phi(PurposeOfUse.TREAT)).toBuilder()
              .model("local-first")
              .pinProvider("onprem")
              .build());
    } finally {
      client.close();
    }
    List<JsonNode> events = new ArrayList<>();
    ObjectMapper json = new ObjectMapper();
    for (String line : FhirAuditExport.ndjson(trail.entries()).split("\n"))
      if (!line.isBlank()) events.add(json.readTree(line));
    assertThat(events).hasSize(2);
    for (JsonNode ev : events) {
      assertThat(ev.at("/purposeOfEvent/0/coding/0/code").asText()).isEqualTo("TREAT");
      JsonNode requester = ev.at("/agent/0");
      assertThat(requester.path("requestor").asBoolean()).isTrue();
      assertThat(requester.at("/who/identifier/value").asText()).isEqualTo("u-4711");
      assertThat(ev.path("entity").findValuesAsText("value"))
          .contains(KEY.hash("MRN-0012345").value());
      assertThat(ev.at("/type/code").asText()).as("on-prem is not an export").isEqualTo("110112");
    }
  }
}
