package dev.switchboard.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.examples.LoopbackServers;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The tool against a loopback server shaped like a Foundry resource, once per API family: it
 * answers, streams and reports usage.
 */
class FoundryCliTest {
  private static final String TEXT = "Patient stable; discharge home.";
  private static WireMockServer server;
  private static Path config;

  @BeforeAll
  static void start() throws Exception {
    server = LoopbackServers.start();
    Usage usage = Usage.of(21, 7);
    for (String path :
        List.of(
            "/openai/v1/chat/completions",
            "/openai/deployments/gpt-4o-prod/chat/completions",
            "/models/chat/completions")) {
      stub(
          path,
          FoundryStubs.openAiText(TEXT, usage),
          FoundryStubs.openAiTextStream(TEXT, usage, true));
    }
    stub(
        "/anthropic/v1/messages",
        FoundryStubs.anthropicText(TEXT, usage),
        FoundryStubs.anthropicTextStream(TEXT, usage, true));
    config = Files.createTempFile("foundry-cli", ".yaml");
    Files.writeString(
        config,
        """
        providers:
          foundry-v1:      { type: foundry, endpoint: "%1$s", api: openai-v1,       auth: { type: api-key, key: test-key } }
          foundry-classic: { type: foundry, endpoint: "%1$s", api: azure-openai,    auth: { type: api-key, key: test-key } }
          foundry-models:  { type: foundry, endpoint: "%1$s", api: model-inference, auth: { type: api-key, key: test-key } }
          foundry-claude:  { type: foundry, endpoint: "%1$s", api: anthropic,       auth: { type: api-key, key: test-key } }
        models:
          v1:      { provider: foundry-v1, model: gpt-4o-prod }
          classic: { provider: foundry-classic, model: gpt-4o-prod }
          models:  { provider: foundry-models, model: Mistral-Large-2411 }
          claude:  { provider: foundry-claude, model: claude-sonnet-4-5 }
        default-model: v1
        pricing: { unknown: flag }     # test deployment names have no catalog price
        """
            .formatted(server.baseUrl()));
  }

  private static void stub(String path, String unary, String stream) {
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(unary)));
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(stream)));
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop();
    Files.deleteIfExists(config);
  }

  private static String[] run(String... args) {
    CliRun r = CliRun.of(args);
    assertThat(r.code()).as(r.err()).isZero();
    return new String[] {r.out(), r.err()};
  }

  @ParameterizedTest
  @ValueSource(strings = {"v1", "classic", "models", "claude"})
  void eachFamilyAnswersStreamsAndReportsUsage(String model) throws Exception {
    JsonNode json =
        new ObjectMapper()
            .readTree(
                run(
                    "chat",
                    "--config",
                    config.toString(),
                    "--model",
                    model,
                    "--json",
                    "Summarize the note.")[0]);
    assertThat(json.path("text").asText()).isEqualTo(TEXT);
    assertThat(json.path("usage").path("inputTokens").asLong()).isEqualTo(21);
    assertThat(json.path("usage").path("outputTokens").asLong()).isEqualTo(7);
    assertThat(json.path("provider").asText()).isEqualTo("foundry-" + model);

    String[] streamed =
        run(
            "chat",
            "--config",
            config.toString(),
            "--model",
            model,
            "--stream",
            "Summarize the note.");
    assertThat(streamed[0].strip()).isEqualTo(TEXT);
    assertThat(streamed[1]).contains("21 in, 7 out tokens");
  }
}
