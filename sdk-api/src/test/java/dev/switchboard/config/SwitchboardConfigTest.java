package dev.switchboard.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.error.ConfigException;
import dev.switchboard.testing.RecordingProviderFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchboardConfigTest {
  private static final String SECRET = "sk-CANARY-0123456789abcdef";
  private static final Map<String, String> ENV = Map.of("API_KEY", SECRET, "HOST", "127.0.0.1");

  private static SwitchboardConfig parse(String yaml) {
    return SwitchboardConfig.parse(yaml, "test.yaml", ENV::get);
  }

  private static ConfigException problems(String yaml) {
    try {
      parse(yaml);
    } catch (ConfigException e) {
      return e;
    }
    throw new AssertionError("expected a ConfigException");
  }

  private static final String GOOD =
      """
      default-model: summary
      providers:
        east:
          type: recording
          endpoint: http://${HOST}:8080
          api-key: ${API_KEY}
          max-connections: 8
        west:
          type: recording
          endpoint: ${WEST_URL:-http://localhost:9090}
      models:
        summary:
          strategy: failover
          targets:
            - { provider: east, model: gpt-4.1-mini }
            - { provider: west, model: "llama3.1:8b" }
        triage:
          strategy: weighted
          targets:
            - { provider: east, model: a, weight: 3 }
            - { provider: west, model: b, weight: 1 }
        quick: { provider: west, model: small }
      resilience:
        timeouts: { connect: 2s, read: 45s, call: 2m }
      """;

  @Test
  void loadsProvidersModelsAndTimeouts() {
    SwitchboardConfig c = parse(GOOD);
    assertThat(c.providers()).containsOnlyKeys("east", "west");
    RecordingProviderFactory.Config east =
        (RecordingProviderFactory.Config) c.providers().get("east");
    assertThat(east.endpoint().toString()).isEqualTo("http://127.0.0.1:8080");
    assertThat(east.key()).isPresent();
    assertThat(east.key().get().reveal()).isEqualTo(SECRET);
    assertThat(east.maxConnections()).isEqualTo(8);
    assertThat(((RecordingProviderFactory.Config) c.providers().get("west")).endpoint().toString())
        .isEqualTo("http://localhost:9090");
    assertThat(c.models().keySet()).containsExactly("summary", "triage", "quick");
    assertThat(c.models().get("summary"))
        .isEqualTo(
            Route.failover(Target.of("east", "gpt-4.1-mini"), Target.of("west", "llama3.1:8b")));
    assertThat(c.models().get("triage").strategy()).isEqualTo(Route.Strategy.WEIGHTED);
    assertThat(c.models().get("triage").targets().get(0).weight()).isEqualTo(3);
    assertThat(c.defaultModel()).hasValue("summary");
    assertThat(c.timeouts().read()).isEqualTo(Duration.ofSeconds(45));
    assertThat(c.timeouts().call()).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aClientBuiltFromConfigServesItsModels() {
    try (ModelClient client = ModelClient.builder(parse(GOOD)).build()) {
      assertThat(client.models()).containsExactly("summary", "triage", "quick");
      assertThat(client.chat("hello").provider()).isEqualTo("east");
    }
  }

  @Test
  void aClientCanBeBuiltFromYamlText() {
    try (ModelClient client =
        ModelClient.fromYaml(
            """
            providers: { east: { type: recording, endpoint: "http://127.0.0.1:1" } }
            models: { summary: { provider: east, model: m } }
            """)) {
      assertThat(client.models()).containsExactly("summary");
      assertThat(client.chat("hello").provider()).isEqualTo("east");
    }
    assertThatThrownBy(() -> ModelClient.fromYaml("models: {}\n"))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("YAML text:");
  }

  @Test
  void typosGetADidYouMean() {
    ConfigException e =
        problems(
            """
            providers:
              east: { type: recording, endpoint: "http://127.0.0.1:1", max-conections: 3 }
              west: { typ: recording, endpoint: "http://127.0.0.1:2" }
              north: { type: recordin, endpoint: "http://127.0.0.1:3" }
            models:
              summary: { provider: east, model: m, wieght: 2 }
              triage: { strategy: failovr, targets: [ { provider: east, model: m } ] }
            """);
    assertThat(e.problems())
        .contains(
            "providers.east.max-conections: unknown key; did you mean 'max-connections'?",
            "providers.west.type: is required (recording); 'typ' looks like a misspelt 'type'",
            "providers.north.type: unknown provider type 'recordin'; known types: recording;"
                + " did you mean 'recording'? (is the adapter's jar on the class path?)",
            "models.summary.wieght: unknown key; did you mean 'weight'?",
            "models.triage.strategy: must be one of failover, weighted; did you mean 'failover'?");
  }

  @Test
  void listsEveryProblemWithItsPath() {
    ConfigException e =
        problems(
            """
        providers:
          east:
            type: recording
            endpoint: not a url
            max-connections: many
            timeout: soon
            colour: blue
          bad:
            type: fondry
            endpoint: x
          none: {}
        models:
          a: { provider: ghost, model: x }
          b: { strategy: round-robin, provider: east, model: y }
          c: { targets: [ { provider: east } ] }
        default-model: zzz
        telemetry: {}
        """);
    assertThat(e.problems())
        .containsExactly(
            "providers.east.endpoint: must be an absolute http(s) URL",
            "providers.east.max-connections: must be an integer",
            "providers.east.timeout: must be a duration such as 500ms, 30s, 2m or 1h",
            "providers.bad.type: unknown provider type 'fondry'; known types: recording (is the adapter's jar on the class path?)",
            "providers.none.type: is required (recording)",
            "models.a.provider: names no configured provider: 'ghost'",
            "models.b.strategy: must be one of failover, weighted",
            "models.c.targets[0].model: is required",
            "default-model: names no logical model under models",
            "telemetry: unknown key",
            "providers.east.colour: unknown key");
    assertThat(e.getMessage()).startsWith("test.yaml: 11 problems");
  }

  @Test
  void missingSectionsAreReported() {
    assertThat(problems("default-model: x\n").problems())
        .contains(
            "providers: is required: at least one provider",
            "models: is required: at least one logical model");
    assertThat(problems("").problems()).containsExactly("(document): is empty");
    assertThat(problems("- a\n- b\n").problems())
        .containsExactly("(document): must be a mapping with providers and models");
  }

  @Test
  void neverEchoesSecretsOrTheOffendingLine() {
    ConfigException wrongType =
        problems(
            """
        providers:
          east: { type: recording, endpoint: "${API_KEY}", max-connections: "${API_KEY}" }
        models:
          m: { provider: east, model: x }
        """);
    assertThat(wrongType.getMessage()).doesNotContain(SECRET).contains("providers.east.endpoint");
    ConfigException syntax =
        problems("providers:\n  east: { type: recording, api-key: " + SECRET + "\n models: [\n");
    assertThat(syntax.problems())
        .singleElement()
        .asString()
        .startsWith("(document): not valid YAML at line");
    assertThat(syntax.getMessage()).doesNotContain(SECRET);
  }

  @Test
  void unsetVariablesAreNamedAndEscapesAreLiteral() {
    ConfigException e =
        problems(
            """
        providers:
          east: { type: recording, endpoint: "http://h", api-key: "${MISSING_KEY}" }
        models:
          m: { provider: east, model: "$${literal}" }
        """);
    assertThat(e.problems())
        .containsExactly("providers.east.api-key: environment variable MISSING_KEY is not set");
    SwitchboardConfig ok =
        parse(
            """
        providers:
          east: { type: recording, endpoint: "http://h" }
        models:
          m: { provider: east, model: "$${literal}" }
        """);
    assertThat(ok.models().get("m").targets().get(0).model()).isEqualTo("${literal}");
  }

  @Test
  void duplicateKeysAreRefused() {
    assertThat(problems("providers: {}\nproviders: {}\n").problems().get(0))
        .isEqualTo("providers: appears twice (line 2)");
  }

  @Test
  void loadsFromAFileAndReportsAMissingOne(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("switchboard.yaml");
    Files.writeString(
        file,
        "providers:\n  p: { type: recording, endpoint: 'http://h' }\nmodels:\n  m: { provider: p, model: x }\n");
    assertThat(SwitchboardConfig.load(file).defaultModel()).hasValue("m");
    assertThatThrownBy(() -> SwitchboardConfig.load(dir.resolve("nope.yaml")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("(file): does not exist");
  }
}
