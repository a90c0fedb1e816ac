package dev.switchboard.structured;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.StructuredOutputException;
import dev.switchboard.error.UnsupportedCapabilityException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Typed answers over real HTTP on loopback, one adapter family per test: each asks for the schema
 * in its own way (strict json_schema, Ollama's format, Claude's forced tool, JSON mode and the
 * schema in the prompt) and the answer comes back as the record.
 */
class TypedAnswersOverHttpTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String VALID = TypedAnswersTest.VALID;

  private WireMockServer server;
  private ModelClient client;

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    String base = "http://127.0.0.1:" + server.port();
    String yaml =
        """
        providers:
          foundry-v1:
            type: foundry
            endpoint: %1$s
            auth: { type: api-key, key: test-key }
          foundry-classic:
            type: foundry
            endpoint: %1$s
            api: azure-openai
            api-version: 2024-10-21
            auth: { type: api-key, key: test-key }
          workstation:
            type: openai-compatible
            server: lm-studio
            base-url: %1$s/lmstudio/v1
            discover-capabilities: false
          gpu-tgi:
            type: openai-compatible
            server: tgi
            base-url: %1$s/tgi/v1
            discover-capabilities: false
          claude:
            type: foundry
            endpoint: %1$s
            api: anthropic
            auth: { type: api-key, key: test-key }
          ward-ollama:
            type: ollama
            base-url: %1$s
            discover-capabilities: false
          ward-vllm:
            type: openai-compatible
            server: vllm
            base-url: %1$s/v1
            discover-capabilities: false
          old-llama:
            type: openai-compatible
            server: llama-cpp
            base-url: %1$s/v1
            discover-capabilities: false
            capabilities: { "*": { json-schema: false } }
        models:
          foundry: { provider: foundry-v1, model: gpt-4.1-mini }
          claude: { provider: claude, model: claude-sonnet-4-5 }
          ollama: { provider: ward-ollama, model: "llama3.1:8b" }
          vllm: { provider: ward-vllm, model: meta-llama/Llama-3.1-8B-Instruct }
          fallback: { provider: old-llama, model: local }
          classic: { provider: foundry-classic, model: gpt-4o }
          lmstudio: { provider: workstation, model: qwen2.5-7b-instruct }
          tgi: { provider: gpu-tgi, model: tgi }
          mixed:
            strategy: failover
            targets:
              - { provider: foundry-v1, model: gpt-4.1-mini }
              - { provider: old-llama, model: local }
        resilience:
          retry: { max-attempts: 1 }
        """
            .formatted(base);
    client = ModelClient.fromConfig(writeConfig(yaml));
  }

  private static java.nio.file.Path writeConfig(String yaml) {
    try {
      java.nio.file.Path f = java.nio.file.Files.createTempFile("typed", ".yaml");
      java.nio.file.Files.writeString(f, yaml);
      f.toFile().deleteOnExit();
      SwitchboardConfig.load(f); // fails here, with the problems listed, if the YAML is wrong
      return f;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop();
  }

  private static ChatRequest ask(String model) {
    return ChatRequest.builder()
        .model(model)
        .system("You triage emergency referrals.")
        .user("58M, chest pain since 2h.")
        .build();
  }

  private static String openAiAnswer(String content) {
    ObjectNode root = JSON.createObjectNode();
    root.put("id", "chatcmpl-1").put("object", "chat.completion").put("model", "m");
    ObjectNode choice = root.putArray("choices").addObject();
    choice.put("index", 0).put("finish_reason", "stop");
    choice.putObject("message").put("role", "assistant").put("content", content);
    root.putObject("usage")
        .put("prompt_tokens", 40)
        .put("completion_tokens", 30)
        .put("total_tokens", 70);
    return root.toString();
  }

  private void answer(String path, String body) {
    server.stubFor(
        post(urlPathEqualTo(path))
            .willReturn(aResponse().withHeader("Content-Type", "application/json").withBody(body)));
  }

  private List<JsonNode> sent(String path) throws Exception {
    List<JsonNode> out = new java.util.ArrayList<>();
    for (var r : server.findAll(postRequestedFor(urlPathEqualTo(path))))
      out.add(JSON.readTree(r.getBodyAsString()));
    return out;
  }

  @Test
  void foundryOpenAiGetsAStrictJsonSchemaWithEveryPropertyRequired() throws Exception {
    answer("/openai/v1/chat/completions", openAiAnswer(VALID));
    Triage t = client.chat(ask("foundry"), Triage.class);
    assertThat(t.urgency()).isEqualTo(Triage.Urgency.URGENT);

    JsonNode format = sent("/openai/v1/chat/completions").get(0).path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("name").asText()).isEqualTo("Triage");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
    JsonNode schema = format.path("json_schema").path("schema");
    assertThat(schema.path("required")).hasSize(5); // the Optional one too, as nullable
    assertThat(schema.path("properties").path("vitals").path("required")).hasSize(2);
  }

  @Test
  void vllmGetsTheSameStrictSchema() throws Exception {
    answer("/v1/chat/completions", openAiAnswer(VALID));
    assertThat(client.chat(ask("vllm"), Triage.class).vitals().heartRate()).isEqualTo(88);
    JsonNode format = sent("/v1/chat/completions").get(0).path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json_schema");
    assertThat(format.path("json_schema").path("strict").asBoolean()).isTrue();
  }

  @Test
  void azureOpenAiDeploymentsAndLmStudioGetTheStrictSchemaToo() throws Exception {
    answer("/openai/deployments/gpt-4o/chat/completions", openAiAnswer(VALID));
    answer("/lmstudio/v1/chat/completions", openAiAnswer(VALID));
    assertThat(client.chat(ask("classic"), Triage.class).urgency())
        .isEqualTo(Triage.Urgency.URGENT);
    assertThat(client.chat(ask("lmstudio"), Triage.class).urgency())
        .isEqualTo(Triage.Urgency.URGENT);
    for (String path :
        List.of("/openai/deployments/gpt-4o/chat/completions", "/lmstudio/v1/chat/completions")) {
      JsonNode format = sent(path).get(0).path("response_format");
      assertThat(format.path("type").asText()).as(path).isEqualTo("json_schema");
      assertThat(format.path("json_schema").path("strict").asBoolean()).as(path).isTrue();
    }
  }

  @Test
  void tgiGetsTheSchemaAsItsGrammar() throws Exception {
    answer("/tgi/v1/chat/completions", openAiAnswer(VALID));
    assertThat(client.chat(ask("tgi"), Triage.class).vitals().temperature()).isEqualTo(37.1);
    JsonNode format = sent("/tgi/v1/chat/completions").get(0).path("response_format");
    assertThat(format.path("type").asText()).isEqualTo("json");
    assertThat(format.path("value").path("properties").has("red_flags")).isTrue();
  }

  @Test
  void eachAttemptOfAFailoverIsShapedForItsOwnTarget() throws Exception {
    server.stubFor(
        post(urlPathEqualTo("/openai/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"error\":{\"code\":\"503\",\"message\":\"busy\"}}")));
    answer("/v1/chat/completions", openAiAnswer(VALID));

    assertThat(client.chat(ask("mixed"), Triage.class).urgency()).isEqualTo(Triage.Urgency.URGENT);

    JsonNode cloud = sent("/openai/v1/chat/completions").get(0);
    assertThat(cloud.path("response_format").path("type").asText()).isEqualTo("json_schema");
    assertThat(cloud.path("messages")).hasSize(2); // the caller's own, untouched
    JsonNode local = sent("/v1/chat/completions").get(0);
    assertThat(local.path("response_format").path("type").asText()).isEqualTo("json_object");
    assertThat(local.path("messages").get(0).path("content").asText())
        .contains("valid against this JSON Schema");
  }

  @Test
  void ollamaGetsTheSchemaAsItsFormat() throws Exception {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("model", "llama3.1:8b").put("created_at", "2026-12-05T07:00:00Z");
    reply.putObject("message").put("role", "assistant").put("content", VALID);
    reply.put("done", true).put("done_reason", "stop");
    reply.put("prompt_eval_count", 40).put("eval_count", 30);
    answer("/api/chat", reply.toString());

    assertThat(client.chat(ask("ollama"), Triage.class).redFlags()).containsExactly("troponin");
    JsonNode format = sent("/api/chat").get(0).path("format");
    assertThat(format.path("type").asText()).isEqualTo("object");
    assertThat(format.path("properties").has("red_flags")).isTrue();
  }

  @Test
  void claudeIsForcedToCallATool() throws Exception {
    ObjectNode reply = JSON.createObjectNode();
    reply.put("id", "msg_01").put("type", "message").put("role", "assistant");
    reply.put("model", "claude-sonnet-4-5").put("stop_reason", "tool_use");
    ObjectNode use = reply.putArray("content").addObject();
    use.put("type", "tool_use").put("id", "toolu_01").put("name", "Triage");
    use.set("input", JSON.readTree(VALID));
    reply.putObject("usage").put("input_tokens", 40).put("output_tokens", 30);
    answer("/anthropic/v1/messages", reply.toString());

    Triage t = client.chat(ask("claude"), Triage.class);
    assertThat(t.summary()).isEqualTo("Chest pain, stable.");

    JsonNode body = sent("/anthropic/v1/messages").get(0);
    assertThat(body.has("output_config")).isFalse();
    assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("tool");
    assertThat(body.path("tool_choice").path("name").asText()).isEqualTo("Triage");
    JsonNode tool = body.path("tools").get(0);
    assertThat(tool.path("name").asText()).isEqualTo("Triage");
    assertThat(tool.path("input_schema").path("properties").has("vitals")).isTrue();
  }

  @Test
  void aServerWithoutSchemaModeGetsJsonModeTheSchemaInThePromptAndOneRepair() throws Exception {
    String path = "/v1/chat/completions";
    String invalid = VALID.replace("\"URGENT\"", "\"SOON\"");
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("repair")
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("repaired")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(openAiAnswer(invalid))));
    server.stubFor(
        post(urlPathEqualTo(path))
            .inScenario("repair")
            .whenScenarioStateIs("repaired")
            .willReturn(
                aResponse()
                    .withHeader("Content-Type", "application/json")
                    .withBody(openAiAnswer(VALID))));

    Triage t = client.chat(ask("fallback"), Triage.class);
    assertThat(t.urgency()).isEqualTo(Triage.Urgency.URGENT);

    List<JsonNode> bodies = sent(path);
    assertThat(bodies).hasSize(2);
    JsonNode first = bodies.get(0);
    assertThat(first.path("response_format").path("type").asText()).isEqualTo("json_object");
    JsonNode system = first.path("messages").get(0);
    assertThat(system.path("role").asText()).isEqualTo("system");
    assertThat(system.path("content").asText())
        .startsWith("You triage emergency referrals.")
        .contains("valid against this JSON Schema", "\"red_flags\"");
    assertThat(first.path("messages")).hasSize(2); // joined to the caller's system message

    JsonNode repair = bodies.get(1).path("messages");
    assertThat(repair).hasSize(4);
    assertThat(repair.get(2).path("role").asText()).isEqualTo("assistant");
    assertThat(repair.get(3).path("content").asText())
        .contains("$.urgency", "enumeration")
        .endsWith("Reply again with only the corrected JSON object.");
  }

  @Test
  void aServerThatFailsTwiceEndsInTheTypedErrorWithoutTheAnswerText() throws Exception {
    String secret = "MRN-4471-SECRET";
    answer(
        "/v1/chat/completions",
        openAiAnswer("{\"summary\":\"" + secret + "\",\"urgency\":\"SOON\"}"));
    assertThatThrownBy(() -> client.chat(ask("fallback"), Triage.class))
        .isInstanceOfSatisfying(
            StructuredOutputException.class,
            e -> {
              assertThat(e.getMessage()).doesNotContain(secret);
              assertThat(e.problems())
                  .extracting(StructuredOutputException.Problem::path)
                  .contains("$", "$.urgency");
              assertThat(e.problems().toString()).doesNotContain(secret);
              assertThat(e.provider()).contains("old-llama");
              assertThat(e.attempts()).isEqualTo(2);
            });
    assertThat(sent("/v1/chat/completions")).hasSize(2); // one repair, never more
  }

  @Test
  void aPlainSchemaRequestToAServerWithoutSchemaModeIsStillRefused() {
    ChatRequest plain =
        ask("fallback").toBuilder()
            .responseFormat(ResponseFormat.jsonSchema("x", "{\"type\":\"object\"}", true))
            .build();
    assertThatThrownBy(() -> client.chat(plain))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("JSON schema output");
    assertThat(server.getAllServeEvents()).isEmpty();
  }
}
