package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Target;
import dev.switchboard.config.SwitchboardConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * {@code SWITCHBOARD_...} environment variables bind as Spring Boot users expect: upper case,
 * underscores for dots, no dashes, {@code _0_} for list indexes; they win over {@code
 * application.yaml} and may set keys it does not have.
 */
class EnvironmentVariableBindingTest {
  private final ApplicationContextRunner runner = StarterContexts.runner();

  @Test
  void aWholeConfigFromEnvironmentVariablesAlone() {
    runner
        .withInitializer(
            ctx ->
                env(
                    ctx.getEnvironment(),
                    Map.of(
                        "SWITCHBOARD_PROVIDERS_WARD_TYPE", "mock",
                        "SWITCHBOARD_MODELS_NOTES_STRATEGY", "failover",
                        "SWITCHBOARD_MODELS_NOTES_TARGETS_0_PROVIDER", "ward",
                        "SWITCHBOARD_MODELS_NOTES_TARGETS_0_MODEL", "m-1",
                        "SWITCHBOARD_DEFAULTMODEL", "notes",
                        "SWITCHBOARD_RESILIENCE_TIMEOUTS_CONNECT", "3s",
                        "PATH", "/usr/bin")))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              ModelClient client = ctx.getBean(ModelClient.class);
              assertThat(client.route("notes").orElseThrow().targets())
                  .containsExactly(Target.of("ward", "m-1"));
              // default-model came from SWITCHBOARD_DEFAULTMODEL: a chat without a model works
              assertThat(client.chat("Summarize.").provider()).isEqualTo("ward");
              SwitchboardConfig config = ctx.getBean(SwitchboardConfig.class);
              assertThat(config.defaultModel()).contains("notes");
              assertThat(config.timeouts().connect()).hasSeconds(3);
            });
  }

  @Test
  void anEnvironmentVariableOverridesTheApplicationYamlValueOfADashedKey() {
    runner
        .withInitializer(
            ctx -> {
              ConfigurableEnvironment env = ctx.getEnvironment();
              Map<String, Object> yaml = new LinkedHashMap<>();
              yaml.put("switchboard.providers.ward-gpu.type", "openai-compatible");
              yaml.put("switchboard.providers.ward-gpu.server", "vllm");
              yaml.put("switchboard.providers.ward-gpu.base-url", "http://127.0.0.1:1/v1");
              yaml.put("switchboard.models.notes.targets[0].provider", "ward-gpu");
              yaml.put("switchboard.models.notes.targets[0].model", "llama");
              env.getPropertySources().addLast(new MapPropertySource("application.yaml", yaml));
              env(env, Map.of("SWITCHBOARD_PROVIDERS_WARDGPU_BASEURL", "http://127.0.0.1:2/v1"));
            })
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              SwitchboardConfig config = ctx.getBean(SwitchboardConfig.class);
              assertThat(config.providers()).containsOnlyKeys("ward-gpu");
              assertThat(config.providers().get("ward-gpu").describe())
                  .contains("127.0.0.1:2")
                  .doesNotContain("127.0.0.1:1");
            });
  }

  @Test
  void aKeyOnlyAVariableSetsGetsItsDashesBackFromTheLoader() {
    runner
        .withInitializer(
            ctx ->
                env(
                    ctx.getEnvironment(),
                    Map.of(
                        "SWITCHBOARD_PROVIDERS_WARD_TYPE", "openai-compatible",
                        "SWITCHBOARD_PROVIDERS_WARD_SERVER", "vllm",
                        "SWITCHBOARD_PROVIDERS_WARD_BASEURL", "http://127.0.0.1:3/v1",
                        "SWITCHBOARD_MODELS_NOTES_PROVIDER", "ward",
                        "SWITCHBOARD_MODELS_NOTES_MODEL", "llama")))
        .run(
            ctx -> {
              assertThat(ctx).hasNotFailed();
              assertThat(ctx.getBean(SwitchboardConfig.class).providers().get("ward").describe())
                  .contains("127.0.0.1:3");
            });
  }

  @Test
  void aMistakeInAVariableIsReportedByItsConfigPath() {
    runner
        .withInitializer(
            ctx ->
                env(
                    ctx.getEnvironment(),
                    Map.of(
                        "SWITCHBOARD_PROVIDERS_WARD_TYPE", "mock",
                        "SWITCHBOARD_MODELS_NOTES_PROVIDER", "ward",
                        "SWITCHBOARD_MODELS_NOTES_MODEL", "m",
                        "SWITCHBOARD_RESILIENCE_TIMEOUTS_CONNECT", "soon")))
        .run(
            ctx ->
                assertThat(StarterContexts.startupConfigException(ctx).problems())
                    .singleElement()
                    .asString()
                    .startsWith("resilience.timeouts.connect"));
  }

  /** The variables as the operating system's environment, where Spring Boot puts them. */
  private static void env(ConfigurableEnvironment env, Map<String, String> variables) {
    env.getPropertySources()
        .addFirst(
            new SystemEnvironmentPropertySource(
                "test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                new LinkedHashMap<>(variables)));
  }
}
