package dev.switchboard.compliance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The profile fields of issue 11 as the config file spells them. */
class ProfileConfigTest {
  @TempDir Path dir;

  private Map<String, ProviderProfile> profiles(String profile) {
    String yaml =
        """
        providers:
          p: { type: recording, endpoint: "http://127.0.0.1:9", profile: %s }
        models:
          notes: { provider: p, model: m }
        compliance: { policy: builtin:example-hospital, audit-key: "%s" }
        audit: { type: file, path: audit.jsonl }
        """
            .formatted(profile, "k".repeat(40));
    SwitchboardConfig config =
        SwitchboardConfig.parse(yaml, "sb.yaml", Map.<String, String>of()::get, dir);
    return Compliance.from(config).orElseThrow().profiles();
  }

  @Test
  void unknownHumanReviewAndRetentionAreReadAsTheStrictCase() {
    ProviderProfile p =
        profiles(
                "{ kind: cloud, deployment: datazone-us, human-review: unknown,"
                    + " abuse-monitoring-days: unknown }")
            .get("p");
    assertThat(p.humanReview()).isTrue();
    assertThat(p.humanReviewKnown()).isFalse();
    assertThat(p.abuseMonitoringKnown()).isFalse();
    assertThat(p.abuseMonitoringDays()).isEqualTo(Integer.MAX_VALUE);
  }

  @Test
  void anOnPremProviderDeclaresItsCountryRegionAndEndUserChoice() {
    ProviderProfile p =
        profiles("{ kind: on-prem, country: de, region: berlin-dc, end-user-id: omit }").get("p");
    assertThat(p.country()).contains("DE");
    assertThat(p.regions()).containsExactly("berlin-dc");
    assertThat(p.endUserId()).isEqualTo(EndUserId.OMIT);
    assertThat(p.processesWithin(Residency.EU)).isTrue();
    assertThat(p.processesWithin(Residency.US)).isFalse();
  }

  @Test
  void badValuesAreProblemsWithTheirPath() {
    assertThatThrownBy(
            () ->
                profiles(
                    "{ kind: on-prem, country: Germany, end-user-id: hashed, human-review: maybe }"))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(String.join("\n", e.problems()))
                    .contains("providers.p.profile.country: must be an ISO 3166 two-letter code")
                    .contains("providers.p.profile.end-user-id: must be pseudonym, raw or omit")
                    .contains("providers.p.profile.human-review"));
  }
}
