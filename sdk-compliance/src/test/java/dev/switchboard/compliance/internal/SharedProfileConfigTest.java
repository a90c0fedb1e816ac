package dev.switchboard.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.config.SwitchboardConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Operators share one provider profile between providers with a YAML anchor and alias. */
class SharedProfileConfigTest {
  @Test
  void aProfileGivenByAliasIsTheAnchoredProfile() {
    SwitchboardConfig c =
        SwitchboardConfig.parse(
            """
            x-profiles:
              us: &us { kind: cloud, deployment: datazone-us, regions: [eastus], human-review: false }
            providers:
              east: { type: recording, endpoint: "http://127.0.0.1:9", profile: *us }
              east-2: { type: recording, endpoint: "http://127.0.0.1:9", profile: *us }
            models:
              m: { provider: east, model: x }
            compliance: {}
            """,
            "sb.yaml",
            Map.<String, String>of()::get);
    Compliance compliance = Compliance.from(c).orElseThrow();
    assertThat(compliance.profiles().get("east").deployment())
        .isEqualTo(DeploymentType.DATAZONE_US);
    assertThat(compliance.profiles().get("east-2").deployment())
        .isEqualTo(DeploymentType.DATAZONE_US);
  }
}
