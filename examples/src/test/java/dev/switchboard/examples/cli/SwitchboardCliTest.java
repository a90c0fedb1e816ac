package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SwitchboardCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void chatJsonAnswersFromTheBundledMockWithUsage() throws Exception {
    CliRun r = CliRun.of("chat", "--json", "Summarize: patient stable, discharge home.");
    assertThat(r.code()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("text").asText()).isNotBlank();
    assertThat(json.path("usage").path("inputTokens").asLong()).isPositive();
    assertThat(json.path("usage").path("outputTokens").asLong()).isPositive();
    assertThat(json.path("provider").asText()).isEqualTo("mock");
    assertThat(json.path("model").asText()).isEqualTo("mock-chat-1");
    assertThat(json.path("logicalModel").asText()).isEqualTo("assistant");
    assertThat(json.path("requestId").asText()).isNotBlank();
    assertThat(json.path("attempts").asInt()).isEqualTo(1);
    assertThat(json.path("finishReason").asText()).isEqualTo("STOP");
  }

  @Test
  void chatStreamPrintsTheTextAndAUsageSummary() {
    CliRun r = CliRun.of("chat", "--stream", "Summarize: patient stable, discharge home.");
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("Switchboard mock provider");
    assertThat(r.err())
        .startsWith("[mock/mock-chat-1 |")
        .contains("in,")
        .contains("out tokens")
        .contains("1 attempt");
  }

  @Test
  void aBadConfigPrintsEveryProblemWithItsPathAndExits2(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(
        file,
        "providers:\n  m: { type: mock, latency: fast }\nmodels:\n  a: { provider: ghost, model: x }\n");
    CliRun check = CliRun.of("config", "check", file.toString());
    assertThat(check.code()).isEqualTo(2);
    assertThat(check.err())
        .contains("providers.m.latency: must be a duration")
        .contains("models.a.provider: names no configured provider: 'ghost'");
    CliRun chat = CliRun.of("chat", "--config", file.toString(), "hello");
    assertThat(chat.code()).isEqualTo(2);
    assertThat(chat.err()).contains("providers.m.latency");
  }

  @Test
  void aGoodConfigChecksOk(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("ok.yaml");
    Files.writeString(
        file, "providers:\n  m: { type: mock }\nmodels:\n  a: { provider: m, model: x }\n");
    CliRun r = CliRun.of("config", "check", file.toString());
    assertThat(r.code()).isZero();
    assertThat(r.out()).contains("OK (1 providers, 1 logical models, default a)");
  }

  @Test
  void aBadRequestNamesTheFieldAndExits2() {
    CliRun r = CliRun.of("chat", "--temperature", "5", "hello");
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.err().strip()).isEqualTo("switchboard: --temperature 5: must be between 0 and 2");
    CliRun unknown = CliRun.of("chat", "--model", "nope", "hello");
    assertThat(unknown.code()).isEqualTo(2);
    assertThat(unknown.err()).contains("--model nope: unknown logical model 'nope'");
    assertThat(CliRun.of("chat").code()).isEqualTo(2);
  }

  @Test
  void aFailedCallEndsWithOneErrorLineOnStderrAndARetryableOneExits5(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("down.yaml");
    Files.writeString(
        file,
        "providers:\n  m: { type: mock, replies: [ { fault: unavailable } ] }\nmodels:\n  a: { provider: m, model: x }\n");
    CliRun r = CliRun.of("chat", "--config", file.toString(), "Summarize: Jane Roe");
    assertThat(r.code()).isEqualTo(SwitchboardCli.RETRYABLE);
    List<String> lines = r.err().strip().lines().toList();
    assertThat(lines.get(lines.size() - 1))
        .startsWith(
            "switchboard: call failed: service unavailable (provider=m, model=x, status=503");
    assertThat(r.err()).doesNotContain("Jane");
  }

  /** A config whose primary is down: the call fails over, and the JSON says where it went. */
  static final String FAILOVER_CONFIG =
      """
      providers:
        primary: { type: mock, replies: [ { fault: unavailable } ] }
        secondary: { type: mock, replies: [ { text: "Answer from the secondary." } ] }
      models:
        assistant:
          strategy: failover
          targets:
            - { provider: primary, model: gpt-primary }
            - { provider: secondary, model: llama-secondary }
      resilience:
        retry: { max-attempts: 3, initial-backoff: 10ms, max-backoff: 20ms }
      """;

  @Test
  void aPrimaryThatIsDownFailsOverAndTheJsonSaysWhichTargetServedAfterHowManyAttempts(
      @TempDir Path dir) throws Exception {
    Path file = dir.resolve("failover.yaml");
    Files.writeString(file, FAILOVER_CONFIG);
    CliRun r =
        CliRun.of("chat", "--json", "--config", file.toString(), "Summarize: patient stable.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("text").asText()).isEqualTo("Answer from the secondary.");
    assertThat(json.path("provider").asText()).isEqualTo("secondary");
    assertThat(json.path("model").asText()).isEqualTo("llama-secondary");
    assertThat(json.path("servedBy").asText()).isEqualTo("secondary/llama-secondary");
    assertThat(json.path("attempts").asInt()).isEqualTo(4);
  }

  @Test
  void embedAndModelsWork() throws Exception {
    CliRun embed = CliRun.of("embed", "--json", "--dimensions", "8", "chest pain", "dyspnea");
    assertThat(embed.code()).isZero();
    JsonNode json = JSON.readTree(embed.out());
    assertThat(json.path("vectors")).hasSize(2);
    assertThat(json.path("dimensions").asInt()).isEqualTo(8);
    CliRun models = CliRun.of("models");
    assertThat(models.out()).contains("assistant (default)").contains("-> mock/mock-chat-1");
    JsonNode list = JSON.readTree(CliRun.of("models", "--json").out());
    assertThat(list.path("models").get(0).path("targets").get(0).path("providerType").asText())
        .isEqualTo("mock");
  }
}
