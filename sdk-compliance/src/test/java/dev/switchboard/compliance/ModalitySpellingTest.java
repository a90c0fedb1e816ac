package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.error.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Modalities have one spelling on every surface, the enum names the policy uses ({@code TEXT},
 * {@code EMBEDDING}): config profiles and BAA scopes, policy rules, the reasons on {@code
 * compliance()} and in audit records. The older config spelling ({@code text}, {@code embedding},
 * any case) is still read, and what is written from it is the one spelling.
 */
class ModalitySpellingTest {
  @TempDir Path dir;

  private SwitchboardConfig config(String modalities, String scope) {
    String yaml =
        """
        providers:
          zone-us:
            type: recording
            endpoint: "http://127.0.0.1:9"
            reply: fine
            profile: { kind: CLOUD_DIRECT, deployment: DATAZONE_US, regions: [eastus], human-review: false,
                       baa: { ref: MSFT-BAA, scope: %s, expires: 2099-12-31 }, modalities: %s }
          gpu-ward: { type: recording, endpoint: "http://127.0.0.1:9", reply: fine, profile: { kind: ON_PREM, country: US, region: MN } }
        models:
          notes:
            targets: [ { provider: zone-us, model: gpt-4o-mini }, { provider: gpu-ward, model: llama } ]
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted(scope, modalities, "k".repeat(40));
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
  }

  @Test
  void theOlderConfigSpellingReadsAsTheOneSpelling() {
    ProviderProfile canonical =
        Compliance.from(config("[TEXT, EMBEDDING]", "[TEXT]"))
            .orElseThrow()
            .profiles()
            .get("zone-us");
    ProviderProfile older =
        Compliance.from(config("[text, Embedding]", "[text]"))
            .orElseThrow()
            .profiles()
            .get("zone-us");
    assertThat(older).usingRecursiveComparison().isEqualTo(canonical);
    assertThat(canonical.modalities()).isEqualTo(EnumSet.of(Modality.TEXT, Modality.EMBEDDING));
    assertThat(canonical.baa().orElseThrow().scope()).containsExactly(Modality.TEXT);
  }

  @Test
  void anUnknownModalityIsAProblemThatListsTheOneSpelling() {
    assertThatThrownBy(() -> config("[TEXT, video]", "[TEXT]"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(
                        p ->
                            assertThat(p)
                                .contains("zone-us")
                                .contains("profile.modalities")
                                .contains("must list only TEXT, IMAGE, AUDIO, EMBEDDING")));
  }

  @Test
  void anExclusionForModalitySpellsItAsTheConfigOnTheSummaryAndInTheAuditRecord() throws Exception {
    // The older spelling in the config on purpose: what is written must be the one spelling.
    SwitchboardConfig config = config("[embedding]", "[text, embedding]");
    ChatResponse served;
    try (ModelClient client = ModelClient.builder().config(config).build()) {
      served =
          client.chat(
              ChatRequest.builder()
                  .model("notes")
                  .user("Summarize: stable.")
                  .compliance(ComplianceTags.phi(PurposeOfUse.TREAT))
                  .build());
    }
    // zone-us is approved for embeddings only, so the chat goes on-prem.
    assertThat(served.provider()).isEqualTo("gpu-ward");
    ProviderExclusion zone =
        served.compliance().orElseThrow().excludedProviders().stream()
            .filter(x -> x.provider().equals("zone-us"))
            .findFirst()
            .orElseThrow();
    assertThat(zone.reasons())
        .filteredOn(r -> r.code() == Code.MODALITY_NOT_COVERED)
        .extracting(ProviderExclusion.Reason::detail)
        .contains("is approved only for [EMBEDDING]");
    String audit = Files.readString(dir.resolve("audit.jsonl"));
    assertThat(audit)
        .contains("is approved only for [EMBEDDING]")
        .doesNotContain("[embedding]")
        .doesNotContain("[text]");
  }
}
