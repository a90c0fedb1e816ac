package dev.switchboard.compliance.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit.path} is checked when the config is read, before the first call writes to it. */
class AuditPathConfigTest {
  private static final String KEY = "k".repeat(40);
  @TempDir Path dir;

  @BeforeEach
  void policy() throws Exception {
    try (var in =
        getClass()
            .getResourceAsStream(
                "/dev/switchboard/compliance/policy/example-hospital-policy.yaml")) {
      Files.writeString(
          dir.resolve("policy.yaml"), new String(in.readAllBytes(), StandardCharsets.UTF_8));
    }
  }

  private SwitchboardConfig parse(String auditPath) {
    String yaml =
        """
        providers:
          gpu-ward: { type: recording, endpoint: "http://127.0.0.1:9", profile: { kind: on-prem, country: US } }
        models:
          notes: { provider: gpu-ward, model: "llama3.1:8b" }
        compliance: { policy: policy.yaml, audit-key: "${AUDIT_KEY}" }
        audit: { type: file, path: "%s" }
        """
            .formatted(auditPath);
    return SwitchboardConfig.parse(yaml, "sb.yaml", Map.of("AUDIT_KEY", KEY)::get, dir);
  }

  @Test
  void anAuditPathThatIsADirectoryIsAConfigProblemWithItsPath() throws Exception {
    Files.createDirectories(dir.resolve("trail"));
    assertThatThrownBy(() -> parse("trail"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .containsExactly("audit.path: is a directory"));
  }

  @Test
  void anAuditPathBelowAPlainFileIsAConfigProblemWithItsPath() throws Exception {
    Files.writeString(dir.resolve("plain"), "x");
    assertThatThrownBy(() -> parse("plain/trail.jsonl"))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).problems())
                    .singleElement()
                    .asString()
                    .startsWith("audit.path: cannot be created (")
                    .endsWith("plain is not a directory)"));
  }

  @Test
  void anAuditFileInANewDirectoryIsAccepted() {
    assertThat(parse("audit/trail.jsonl").source()).isEqualTo("sb.yaml");
  }
}
