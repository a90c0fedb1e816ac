package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.error.ConfigException;
import java.nio.file.Path;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** What the starter's tests share: a context with the auto-configuration, and its failures. */
final class StarterContexts {
  private StarterContexts() {}

  /** An application context (no web server) with only Switchboard's auto-configuration. */
  static ApplicationContextRunner runner() {
    return new ApplicationContextRunner()
        .withConfiguration(AutoConfigurations.of(SwitchboardAutoConfiguration.class));
  }

  /** The {@link ConfigException} that stopped the context from starting; fails if none did. */
  static ConfigException startupConfigException(AssertableApplicationContext ctx) {
    assertThat(ctx).hasFailed();
    Throwable cause = ctx.getStartupFailure();
    while (!(cause instanceof ConfigException) && cause.getCause() != null) {
      cause = cause.getCause();
    }
    assertThat(cause).as("the start-up failure's cause").isInstanceOf(ConfigException.class);
    return (ConfigException) cause;
  }

  /** The example hospital policy (it classifies PHI), with its audit key and a file trail. */
  static String[] exampleHospitalCompliance(Path dir) {
    return new String[] {
      "switchboard.compliance.policy=builtin:example-hospital",
      "switchboard.compliance.audit-key=" + "k".repeat(40),
      "switchboard.audit.type=file",
      "switchboard.audit.path=" + dir.resolve("audit.jsonl")
    };
  }
}
