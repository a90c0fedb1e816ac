package dev.switchboard.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.pipeline.CallListener;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** The auto-configuration in application contexts, without a web server. */
class SwitchboardAutoConfigurationTest {
  private final ApplicationContextRunner runner = StarterContexts.runner();

  private static final String[] MOCK_PROPERTIES = {
    "switchboard.providers.ward.type=mock",
    "switchboard.models.notes.strategy=failover",
    "switchboard.models.notes.targets[0].provider=ward",
    "switchboard.models.notes.targets[0].model=llama3.1:8b",
    "switchboard.default-model=notes"
  };

  @Test
  void propertiesMapOneToOneToTheConfigSchemaAndGiveAWorkingClient() {
    runner
        .withPropertyValues(MOCK_PROPERTIES)
        .run(
            ctx -> {
              ModelClient client = ctx.getBean(ModelClient.class);
              assertThat(client.models()).containsExactly("notes");
              assertThat(client.route("notes").orElseThrow().targets())
                  .containsExactly(Target.of("ward", "llama3.1:8b"));
              assertThat(client.chat("Summarize.").provider()).isEqualTo("ward");
            });
  }

  @Test
  void placeholdersInPropertiesAreResolvedBySpring() {
    runner
        .withPropertyValues(
            "ward-type=mock",
            "switchboard.providers.ward.type=${ward-type}",
            "switchboard.models.notes.targets[0].provider=ward",
            "switchboard.models.notes.targets[0].model=m")
        .run(ctx -> assertThat(ctx.getBean(ModelClient.class).providers()).containsExactly("ward"));
  }

  @Test
  void badPropertiesFailStartUpWithTheLoadersMessagesByPath() {
    String yaml =
        """
        providers:
          ward: { type: mock }
        models:
          notes:
            targets: [ { provider: nowhere, model: m } ]
        timeouts: { connect: soon }
        """;
    ConfigException fromYaml =
        org.assertj.core.api.Assertions.catchThrowableOfType(
            ConfigException.class, () -> SwitchboardConfig.parse(yaml, "switchboard.yaml"));
    runner
        .withPropertyValues(
            "switchboard.providers.ward.type=mock",
            "switchboard.models.notes.targets[0].provider=nowhere",
            "switchboard.models.notes.targets[0].model=m",
            "switchboard.timeouts.connect=soon")
        .run(
            ctx ->
                assertThat(StarterContexts.startupConfigException(ctx).problems())
                    .isNotEmpty()
                    .containsExactlyInAnyOrderElementsOf(fromYaml.problems()));
  }

  @Test
  void aConfigFileIsUsedWhenNamed(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(
        file,
        """
        providers:
          ward: { type: mock }
        models:
          summaries: { targets: [ { provider: ward, model: m } ] }
        """);
    runner
        .withPropertyValues("switchboard.config-file=" + file)
        .run(
            ctx ->
                assertThat(ctx.getBean(ModelClient.class).models()).containsExactly("summaries"));
  }

  @Test
  void nothingConfiguredMeansNoClient() {
    runner.run(ctx -> assertThat(ctx).doesNotHaveBean(ModelClient.class));
  }

  @Test
  void anApplicationsOwnClientWinsAndTheAutoConfiguredOneIsClosedOnShutdown() {
    ModelClient own =
        ModelClient.builder()
            .provider(MockProvider.builder().id("own").build())
            .route("mine", Route.of("own", "m"))
            .build();
    runner
        .withPropertyValues(MOCK_PROPERTIES)
        .withBean(ModelClient.class, () -> own)
        .run(ctx -> assertThat(ctx.getBean(ModelClient.class)).isSameAs(own));
    own.close();

    ModelClient[] auto = new ModelClient[1];
    runner.withPropertyValues(MOCK_PROPERTIES).run(ctx -> auto[0] = ctx.getBean(ModelClient.class));
    assertThatThrownBy(() -> auto[0].chat("Summarize."))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("closed");
  }

  @Test
  void theMockSwitchReplacesEveryProviderSoNothingLeavesTheProcess() {
    runner
        .withPropertyValues(
            "switchboard.mock=true",
            "switchboard.providers.llama.type=openai-compatible",
            "switchboard.providers.llama.server=vllm",
            "switchboard.providers.llama.base-url=http://127.0.0.1:9/v1",
            "switchboard.models.notes.targets[0].provider=llama",
            "switchboard.models.notes.targets[0].model=llama-3")
        .run(
            ctx -> {
              ModelClient client = ctx.getBean(ModelClient.class);
              assertThat(client.chat("Summarize.").provider()).isEqualTo("llama");
            });
    runner
        .withPropertyValues("switchboard.mock=true")
        .run(ctx -> assertThat(ctx.getBean(ModelClient.class).chat("Hello.").text()).isNotEmpty());
  }

  @Test
  void eachProviderHasAHealthIndicatorThatIsDegradedWhileACircuitIsOpen() {
    runner
        .withPropertyValues(MOCK_PROPERTIES)
        .run(
            ctx -> {
              HealthContributor health =
                  ctx.getBean("switchboardHealthContributor", HealthContributor.class);
              HealthIndicator ward =
                  (HealthIndicator) ((CompositeHealthContributor) health).getContributor("ward");
              assertThat(ward.health().getStatus()).isEqualTo(Status.UP);
              ctx.getBean(SwitchboardStatus.class)
                  .circuitStateChanged(
                      new CallListener.CircuitStateChanged(
                          Target.of("ward", "llama3.1:8b"),
                          CallListener.CircuitState.CLOSED,
                          CallListener.CircuitState.OPEN));
              assertThat(ward.health().getStatus().getCode()).isEqualTo("DEGRADED");
            });
  }

  @Test
  void theEndpointShowsRoutesCircuitsAndBudgetsButNoSecret() {
    runner
        .withPropertyValues(MOCK_PROPERTIES)
        .withPropertyValues(
            "management.endpoints.web.exposure.include=switchboard",
            "switchboard.providers.remote.type=openai-compatible",
            "switchboard.providers.remote.server=vllm",
            "switchboard.providers.remote.base-url=https://gpu.example.internal/v1",
            "switchboard.providers.remote.api-key=sk-CANARY-SECRET-42",
            "switchboard.models.notes.targets[1].provider=remote",
            "switchboard.models.notes.targets[1].model=big")
        .run(
            ctx -> {
              Map<String, Object> view = ctx.getBean(SwitchboardEndpoint.class).switchboard();
              assertThat(view).containsKeys("routes", "circuits", "budgets", "providers");
              assertThat(view.get("defaultModel")).isEqualTo("notes");
              assertThat(view.toString())
                  .contains("llama3.1:8b", "big", "failover")
                  .doesNotContain("CANARY", "gpu.example.internal");
            });
  }

  @Test
  void callsAreMeasuredInTheApplicationsMicrometerRegistry() {
    runner
        .withPropertyValues(MOCK_PROPERTIES)
        .withBean(MeterRegistry.class, SimpleMeterRegistry::new)
        .run(
            ctx -> {
              ctx.getBean(ModelClient.class).chat(ChatRequest.builder().user("Summarize.").build());
              MeterRegistry registry = ctx.getBean(MeterRegistry.class);
              assertThat(
                      registry
                          .get("gen_ai.client.operation.duration")
                          .tag("gen_ai.request.model", "notes")
                          .timer()
                          .count())
                  .isEqualTo(1);
            });
  }
}
