package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.usage.Usage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Canaries over real HTTP on loopback: a Foundry-shaped WireMock server behind the example policy.
 * The raw end-user id, the patient's identifiers and the audit key never reach the vendor, the
 * audit file, the log (stderr) or an exception message; what the vendor gets as the user is the
 * keyed pseudonym.
 */
class CanaryOverHttpTest {
  static final String USER = "dr.canary.wallace";
  static final String AUDIT_KEY = "canary-audit-key-0123456789-abcdefghijklmnop";
  static final String SSN = "536-22-8174";
  static final String MRN = "MRN 7730912";
  static final String NOTE =
      "Patient Wallace Canary (" + MRN + ", SSN " + SSN + ") seen for chest pain, stable.";

  @TempDir Path dir;
  WireMockServer server;

  @AfterEach
  void stop() {
    if (server != null) server.stop();
  }

  @Test
  void noRawEndUserIdPhiOrSecretReachesTheVendorTheAuditTheLogOrAnException() throws Exception {
    server = LoopbackServers.foundry("Summary: stable.", Usage.of(40, 4));
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(
        config,
        """
        providers:
          foundry-us:
            type: foundry
            endpoint: "http://127.0.0.1:%1$d"
            api: openai-v1
            auth: { type: api-key, key: vendor-key }
            profile: { kind: cloud, deployment: datazone-us, regions: [eastus],
                       baa: { ref: MSFT-BAA, expires: 2099-12-31 }, human-review: false }
          foundry-global:
            type: foundry
            endpoint: "http://127.0.0.1:%1$d"
            api: openai-v1
            auth: { type: api-key, key: vendor-key }
            profile: { kind: cloud, deployment: global }
        models:
          notes: { provider: foundry-us, model: gpt-4o-prod }
          global: { provider: foundry-global, model: gpt-4o-prod }
        default-model: notes
        pricing: { unknown: flag }
        compliance:
          policy: builtin:example-hospital
          audit-key: "%2$s"
        audit: { type: file, path: ./audit.jsonl }
        """
            .formatted(server.port(), AUDIT_KEY));
    ComplianceTags ops =
        ComplianceTags.builder()
            .dataClass(DataClass.PHI)
            .purposeOfUse(PurposeOfUse.HOPERAT)
            .build();
    ChatRequest request =
        ChatRequest.builder().model("notes").user(NOTE).endUser(USER).compliance(ops).build();

    PrintStream realErr = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    List<String> exceptionTexts = new ArrayList<>();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (ModelClient client = ModelClient.fromConfig(config)) {
      ChatResponse r = client.chat(request);
      assertThat(r.provider()).isEqualTo("foundry-us");
      client.chat(request);
      try {
        client.chat(request.toBuilder().model("global").build());
      } catch (ComplianceViolationException e) {
        exceptionTexts.add(e.toString());
        exceptionTexts.add(e.hint());
      }
      assertThatThrownBy(() -> client.chat(request.toBuilder().model("global").build()))
          .isInstanceOf(ComplianceViolationException.class);
    } finally {
      System.setErr(realErr);
    }

    List<LoggedRequest> sent =
        server.findAll(
            com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(
                com.github.tomakehurst.wiremock.client.WireMock.anyUrl()));
    assertThat(sent).hasSize(2);
    List<String> users = new ArrayList<>();
    for (LoggedRequest s : sent) {
      String body = s.getBodyAsString();
      assertThat(body)
          .doesNotContain(USER, "canary.wallace", SSN, "7730912", "Wallace Canary", AUDIT_KEY);
      assertThat(s.getHeaders().all().toString()).doesNotContain(USER, AUDIT_KEY);
      var user = new ObjectMapper().readTree(body).path("user");
      users.add(user.asText());
    }
    assertThat(users.get(0)).matches("[0-9a-f]{64}").isEqualTo(users.get(1));

    String audit = Files.readString(dir.resolve("audit.jsonl"));
    assertThat(audit).doesNotContain(USER, SSN, "7730912", "Wallace", AUDIT_KEY);
    assertThat(log.toString(StandardCharsets.UTF_8))
        .doesNotContain(USER, SSN, "7730912", "Wallace", AUDIT_KEY);
    assertThat(exceptionTexts).isNotEmpty();
    assertThat(String.join("\n", exceptionTexts))
        .contains("NO_ELIGIBLE_PROVIDER")
        .doesNotContain(USER, SSN, "7730912", "Wallace", AUDIT_KEY);
  }
}
