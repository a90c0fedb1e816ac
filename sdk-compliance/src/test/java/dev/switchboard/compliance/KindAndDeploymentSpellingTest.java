package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.config.SwitchboardConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kinds and deployments have one spelling on every surface: the enum names the policy uses ({@code
 * ON_PREM}, {@code DATAZONE_US}). The config writes them the same way; the older config spellings
 * ({@code on-prem}, {@code cloud}, {@code datazone-us}) are still read, and what is written from
 * them is the one spelling.
 */
class KindAndDeploymentSpellingTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private SwitchboardConfig config(String cloudProfile, String onPremProfile) {
    String yaml =
        """
        providers:
          zone-us: { type: recording, endpoint: "http://127.0.0.1:9", reply: fine, profile: %s }
          gpu-ward: { type: recording, endpoint: "http://127.0.0.1:9", reply: fine, profile: %s }
        models:
          notes:
            targets: [ { provider: zone-us, model: gpt-4o-mini }, { provider: gpu-ward, model: llama } ]
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted(cloudProfile, onPremProfile, "k".repeat(40));
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
  }

  private static final String CLOUD_BODY =
      "regions: [eastus], human-review: false, baa: { ref: MSFT-BAA, expires: 2099-12-31 } }";

  @Test
  void theOlderConfigSpellingsReadAsTheOneSpelling() {
    Map<String, ProviderProfile> canonical =
        Compliance.from(
                config(
                    "{ kind: CLOUD_DIRECT, deployment: DATAZONE_US, " + CLOUD_BODY,
                    "{ kind: ON_PREM, country: US, region: MN }"))
            .orElseThrow()
            .profiles();
    Map<String, ProviderProfile> older =
        Compliance.from(
                config(
                    "{ kind: cloud, deployment: datazone-us, " + CLOUD_BODY,
                    "{ kind: on-prem, country: US, region: MN }"))
            .orElseThrow()
            .profiles();
    assertThat(older).usingRecursiveComparison().isEqualTo(canonical);
    assertThat(canonical.get("gpu-ward").kind()).isEqualTo(ProviderKind.ON_PREM);
    assertThat(canonical.get("zone-us").deployment()).isEqualTo(DeploymentType.DATAZONE_US);
  }

  @Test
  void aRecordWrittenFromConfigSpellsKindAndDeploymentAsThePolicyDoes() throws Exception {
    // The older spellings in the config, on purpose: the record must still carry the policy's.
    SwitchboardConfig config =
        config(
            "{ kind: cloud, deployment: datazone-us, " + CLOUD_BODY,
            "{ kind: on-prem, country: US, region: MN }");
    try (ModelClient client = ModelClient.builder().config(config).build()) {
      ChatRequest phi =
          ChatRequest.builder()
              .model("notes")
              .user("Summarize: stable.")
              .compliance(ComplianceTags.phi(PurposeOfUse.TREAT))
              .build();
      assertThat(client.chat(phi).provider()).isEqualTo("zone-us");
      assertThat(client.chat(phi.toBuilder().pinProvider("gpu-ward").build()).provider())
          .isEqualTo("gpu-ward");
    }
    List<JsonNode> providers = new ArrayList<>();
    List<String> eligibleKinds = new ArrayList<>();
    for (String line : Files.readAllLines(dir.resolve("audit.jsonl"))) {
      JsonNode record = JSON.readTree(line);
      for (JsonNode p : record.findValues("provider")) if (p.isObject()) providers.add(p);
      for (JsonNode k : record.findValues("eligibleKinds"))
        k.forEach(n -> eligibleKinds.add(n.asText()));
    }
    assertThat(providers)
        .extracting(p -> p.path("kind").asText() + "/" + p.path("deployment").asText())
        .containsExactly("CLOUD_DIRECT/DATAZONE_US", "ON_PREM/LOCAL");
    assertThat(eligibleKinds).contains("CLOUD_DIRECT", "ON_PREM");

    // The policy that decided those calls spells them the same way.
    String policy =
        new String(
            getClass()
                .getResourceAsStream(
                    "/dev/switchboard/compliance/policy/example-hospital-policy.yaml")
                .readAllBytes(),
            StandardCharsets.UTF_8);
    assertThat(policy).contains("kind: ON_PREM").contains("DATAZONE_US").contains("CLOUD_DIRECT");
  }
}
