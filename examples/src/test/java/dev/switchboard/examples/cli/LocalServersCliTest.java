package dev.switchboard.examples.cli;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.examples.LoopbackServers;
import dev.switchboard.usage.Usage;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The switchboard tool answers, streams and reports usage against a loopback Ollama-shaped server
 * and an OpenAI-compatible (vLLM) one, and {@code models} lists what each serves.
 */
class LocalServersCliTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String ANSWER =
      "Afebrile 48h after CAP treatment; safe for discharge with follow-up.";

  private WireMockServer ollama;
  private WireMockServer vllm;
  private Path config;

  @BeforeEach
  void start(@TempDir Path dir) throws Exception {
    ollama = LoopbackServers.ollama(ANSWER, Usage.of(48, 15));
    vllm = LoopbackServers.vllm(ANSWER, Usage.of(52, 16));
    config = dir.resolve("local.yaml");
    Files.writeString(
        config,
        "default-model: ward-notes\n"
            + "providers:\n"
            + "  gpu-ward: { type: ollama, base-url: \""
            + ollama.baseUrl()
            + "\" }\n"
            + "  gpu-vllm: { type: openai-compatible, server: vllm, base-url: \""
            + vllm.baseUrl()
            + "/v1\" }\n"
            + "models:\n"
            + "  ward-notes: { provider: gpu-ward, model: \"llama3.1:8b\" }\n"
            + "  radiology: { provider: gpu-vllm, model: meta-llama/Llama-3.1-8B-Instruct }\n");
  }

  @AfterEach
  void stop() {
    ollama.stop();
    vllm.stop();
  }

  @Test
  void chatAnswersFromOllamaWithUsage() throws Exception {
    CliRun r =
        CliRun.of(
            "chat", "--json", "--config", config.toString(), "Summarize: afebrile 48h after CAP.");
    assertThat(r.code()).as(r.err()).isZero();
    JsonNode json = JSON.readTree(r.out());
    assertThat(json.path("text").asText()).isEqualTo(ANSWER);
    assertThat(json.path("provider").asText()).isEqualTo("gpu-ward");
    assertThat(json.path("model").asText()).isEqualTo("llama3.1:8b");
    assertThat(json.path("usage").path("inputTokens").asLong()).isEqualTo(48);
    assertThat(json.path("usage").path("outputTokens").asLong()).isEqualTo(15);
    assertThat(json.path("metadata").path("server-time-ms").asText()).isEqualTo("174.560334");
  }

  @Test
  void chatStreamsFromOllamaAndReportsUsageAndCost() {
    CliRun r =
        CliRun.of(
            "chat",
            "--stream",
            "--config",
            config.toString(),
            "Summarize: afebrile 48h after CAP.");
    assertThat(r.code()).as(r.err()).isZero();
    assertThat(r.out().strip()).isEqualTo(ANSWER);
    assertThat(r.err()).startsWith("[gpu-ward/llama3.1:8b | 48 in, 15 out tokens").contains("USD");
  }

  @Test
  void chatAnswersAndStreamsFromVllmWithUsage() throws Exception {
    CliRun whole =
        CliRun.of(
            "chat", "--json", "--config", config.toString(), "--model", "radiology", "Summarize.");
    assertThat(whole.code()).as(whole.err()).isZero();
    JsonNode json = JSON.readTree(whole.out());
    assertThat(json.path("text").asText()).isEqualTo(ANSWER);
    assertThat(json.path("provider").asText()).isEqualTo("gpu-vllm");
    assertThat(json.path("usage").path("inputTokens").asLong()).isEqualTo(52);
    CliRun streamed =
        CliRun.of(
            "chat",
            "--stream",
            "--config",
            config.toString(),
            "--model",
            "radiology",
            "Summarize.");
    assertThat(streamed.code()).as(streamed.err()).isZero();
    assertThat(streamed.out().strip()).isEqualTo(ANSWER);
    assertThat(streamed.err())
        .startsWith("[gpu-vllm/meta-llama/Llama-3.1-8B-Instruct | 52 in, 16 out tokens");
  }

  @Test
  void modelsListsWhatEachServerServesAndMarksMissingModels() throws Exception {
    Path withMissing = config.resolveSibling("missing.yaml");
    Files.writeString(
        withMissing,
        Files.readString(config) + "  triage: { provider: gpu-ward, model: \"qwen2.5:7b\" }\n");
    CliRun r = CliRun.of("models", "--config", withMissing.toString());
    assertThat(r.code()).as("a missing model fails the check").isEqualTo(1);
    assertThat(r.out())
        .contains("gpu-ward  [ollama " + ollama.baseUrl() + "]  up (version 0.12.3)")
        .contains("    llama3.1:8b  family=llama, parameters=8.0B, quantization=Q4_K_M")
        .contains("    nomic-embed-text:latest")
        .contains(
            "  configured llama3.1:8b (ward-notes): ok  [chat, tools, json-schema, embeddings, context 131072]")
        .contains("  configured qwen2.5:7b (triage): MISSING: this server does not serve it")
        .contains(
            "gpu-vllm  [openai-compatible vllm " + vllm.baseUrl() + "/v1]  up (version 0.11.0)")
        .contains("  configured meta-llama/Llama-3.1-8B-Instruct (radiology): ok");
    CliRun ok = CliRun.of("models", "--config", config.toString(), "--json");
    assertThat(ok.code()).isZero();
    JsonNode servers = JSON.readTree(ok.out()).path("servers");
    assertThat(servers).hasSize(2);
    assertThat(servers.get(0).path("provider").asText()).isEqualTo("gpu-ward"); // in file order
    assertThat(servers.get(1).path("provider").asText()).isEqualTo("gpu-vllm");
    assertThat(servers.get(1).path("status").asText()).isEqualTo("UP");
    assertThat(servers.get(1).path("configured").get(0).path("served").asBoolean()).isTrue();
    assertThat(
            servers
                .get(1)
                .path("configured")
                .get(0)
                .path("capabilities")
                .path("contextWindow")
                .asInt())
        .isEqualTo(32768);
    assertThat(
            servers.get(0).path("configured").get(0).path("capabilities").path("tools").asBoolean())
        .isTrue();
  }

  @Test
  void aServerWithoutAHealthRouteIsUpWhenItsModelListAnswers() throws Exception {
    // a proxy that forwards only /v1: /health answers 404, chat and the model list work
    vllm.listAllStubMappings().getMappings().stream()
        .filter(m -> "/health".equals(m.getRequest().getUrlPath()))
        .toList()
        .forEach(vllm::removeStub);
    CliRun models = CliRun.of("models", "--json", "--config", config.toString());
    assertThat(models.code()).as(models.out() + models.err()).isZero();
    JsonNode server = JSON.readTree(models.out()).path("servers").get(1);
    assertThat(server.path("provider").asText()).isEqualTo("gpu-vllm");
    assertThat(server.path("status").asText()).isEqualTo("UP");
    assertThat(CliRun.of("chat", "--model", "radiology", "--config", config.toString(), "x").code())
        .isZero();
  }

  @Test
  void aServerThatIsDownIsReportedAndItsCallsFailWithItsUrl(@TempDir Path dir) throws Exception {
    int port = LoopbackServers.closedPort();
    Path down = dir.resolve("down.yaml");
    Files.writeString(
        down,
        "providers:\n  gpu-ward: { type: ollama, base-url: \"http://127.0.0.1:"
            + port
            + "\" }\n"
            + "models:\n  notes: { provider: gpu-ward, model: \"llama3.1:8b\" }\n");
    CliRun models = CliRun.of("models", "--config", down.toString());
    assertThat(models.code()).isEqualTo(1);
    assertThat(models.out())
        .contains("gpu-ward  [ollama http://127.0.0.1:" + port + "]  down: connection refused")
        .contains("configured llama3.1:8b (notes): not checked, the server is down");
    CliRun chat = CliRun.of("chat", "--config", down.toString(), "Summarize: Jane Roe");
    assertThat(chat.code()).as("a refused connection may pass later").isEqualTo(5);
    assertThat(chat.err())
        .contains(
            "Ollama server at http://127.0.0.1:" + port + " is not reachable (connection refused)")
        .doesNotContain("Jane");
    assertThat(CliRun.of("models", "--offline", "--config", down.toString()).code()).isZero();
  }

  @Test
  void aLoadingLlamaCppServerIsReportedLoadingNotItsModelMissing(@TempDir Path dir)
      throws Exception {
    WireMockServer llama = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    llama.start();
    try {
      // llama-server while it loads its model: 503 on /health and on everything else
      llama.stubFor(
          any(anyUrl())
              .willReturn(
                  aResponse()
                      .withStatus(503)
                      .withHeader("Content-Type", "application/json; charset=utf-8")
                      .withBody(
                          "{\"error\":{\"code\":503,\"message\":\"Loading model\","
                              + "\"type\":\"unavailable_error\"}}")));
      Path config = dir.resolve("llama.yaml");
      Files.writeString(
          config,
          "providers:\n  gpu-llama: { type: openai-compatible, server: llama-cpp, base-url: \""
              + llama.baseUrl()
              + "\" }\n"
              + "models:\n  notes: { provider: gpu-llama, model: qwen2.5-7b }\n");
      CliRun models = CliRun.of("models", "--config", config.toString());
      assertThat(models.code()).isEqualTo(1);
      assertThat(models.out())
          .contains("loading")
          .contains("configured qwen2.5-7b (notes): not checked, the server is still loading")
          .doesNotContain("MISSING");
    } finally {
      llama.stop();
    }
  }
}
