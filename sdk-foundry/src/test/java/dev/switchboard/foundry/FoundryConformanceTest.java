package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.foundry.internal.FoundryProvider;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.spec.SpecValidator;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.wire.internal.json.WireJson;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What each family sends validates against the vendor's official schema, and the official example
 * responses parse into the expected neutral values. (No machine-readable Anthropic or Azure v1 spec
 * exists in shared/specs: the v1 family is checked against OpenAI's, whose dialect it serves.)
 */
class FoundryConformanceTest {
  static final String EXAMPLES =
      "specs/Azure/azure-rest-api-specs/specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/examples/";
  static WireMockServer server;
  static SpecValidator azure;
  static SpecValidator openai;
  static SpecValidator aiModel;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    azure = SpecValidator.openApi30(SpecValidator.AZURE_OPENAI_2024_10_21);
    openai = SpecValidator.openApi31(SpecValidator.OPENAI);
    aiModel = SpecValidator.swagger20(SpecValidator.AI_MODEL_2025_04_01);
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    server.stubFor(
        post(anyUrl())
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        FoundryStubs.openAiText("ok", dev.switchboard.usage.Usage.of(1, 1)))));
  }

  private static FoundryProvider provider(FoundryApi api) {
    return FoundryProvider.create(
        "f",
        FoundryConfig.builder()
            .endpoint(URI.create(server.baseUrl()))
            .api(api)
            .auth(FoundryAuth.apiKey(Secret.of("k"), null))
            .build());
  }

  /** Every neutral field at once; temperature within every family's range. */
  static ChatRequest rich() {
    return ChatRequest.builder()
        .system("You are a careful clinical assistant.")
        .developer("Answer briefly.")
        .user(
            ContentPart.text("Describe the image."),
            ImagePart.ofBase64("image/png", "iVBORw0KGgo=").withDetail(ImagePart.Detail.LOW))
        .message(
            ChatMessage.assistant(
                null, List.of(new ToolCall("call_1", "lookup_allergies", "{\"patient\":\"p-1\"}"))))
        .toolResult("call_1", "{\"allergies\":[]}")
        .temperature(0.4)
        .topP(0.9)
        .maxOutputTokens(300)
        .stop("END")
        .seed(7)
        .endUser("user-hash-1")
        .addTool(
            new Tool(
                "lookup_allergies",
                "Allergies of a patient",
                "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"}},\"required\":[\"patient\"]}",
                false))
        .toolChoice(ToolChoice.tool("lookup_allergies"))
        .responseFormat(
            ResponseFormat.jsonSchema(
                "summary",
                "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}}}",
                true))
        .build();
  }

  private static List<JsonNode> sentBodies(FoundryProvider p, String model) throws Exception {
    p.chat(rich(), AttemptContext.forModel(model));
    try (ChatEventSource s = p.stream(rich(), AttemptContext.forModel(model))) {
      // the stub answers JSON, so the stream fails: only the request matters here
      s.next();
    } catch (RuntimeException expected) {
      // a JSON body is not an event stream
    }
    List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
    return List.of(
        WireJson.parse(all.get(0).getBodyAsString()), WireJson.parse(all.get(1).getBodyAsString()));
  }

  @Test
  void azureOpenAiRequestsValidateAgainstInference20241021() throws Exception {
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI)) {
      for (JsonNode body : sentBodies(p, "gpt-4o-prod")) {
        // The 2024-10-21 document lists "type" as required inside json_schema as well (an upstream
        // slip: the service and every later version require only name). Validate the format on its
        // own with that key supplied, and the rest of the body without it.
        com.fasterxml.jackson.databind.node.ObjectNode format =
            body.path("response_format").deepCopy();
        ((com.fasterxml.jackson.databind.node.ObjectNode) format.get("json_schema"))
            .put("type", "json_schema");
        assertThat(azure.validate("ResponseFormatJsonSchema", format)).isEmpty();
        com.fasterxml.jackson.databind.node.ObjectNode rest = body.deepCopy();
        rest.remove("response_format");
        assertThat(azure.validate("createChatCompletionRequest", rest)).isEmpty();
        assertThat(body.path("response_format").path("json_schema").has("type")).isFalse();
      }
    }
  }

  @Test
  void openAiV1RequestsValidateAgainstOpenAiSpec() throws Exception {
    try (FoundryProvider p = provider(FoundryApi.OPENAI_V1)) {
      for (JsonNode body : sentBodies(p, "gpt-4o-prod")) {
        assertThat(openai.validate("CreateChatCompletionRequest", body)).isEmpty();
      }
      server.resetAll();
      server.stubFor(
          post(anyUrl())
              .willReturn(
                  aResponse()
                      .withStatus(200)
                      .withHeader("Content-Type", "application/json")
                      .withBody(
                          FoundryStubs.embeddings(
                              List.of(new float[] {1f}), dev.switchboard.usage.Usage.of(1, 0)))));
      p.embed(
          EmbeddingRequest.builder().input("a").input("b").dimensions(256).endUser("u").build(),
          AttemptContext.forModel("text-embedding-3-small"));
      JsonNode e =
          WireJson.parse(server.findAll(postRequestedFor(anyUrl())).get(0).getBodyAsString());
      assertThat(openai.validate("CreateEmbeddingRequest", e)).isEmpty();
    }
  }

  @Test
  void modelInferenceRequestsValidateAgainstAiModel20250401() throws Exception {
    Map<String, String> byRole =
        Map.of(
            "system",
            "ChatRequestSystemMessage",
            "developer",
            "ChatRequestDeveloperMessage",
            "user",
            "ChatRequestUserMessage",
            "assistant",
            "ChatRequestAssistantMessage",
            "tool",
            "ChatRequestToolMessage");
    try (FoundryProvider p = provider(FoundryApi.MODEL_INFERENCE)) {
      for (JsonNode body : sentBodies(p, "Mistral-Large-2411")) {
        assertThat(aiModel.validate("ChatCompletionsOptions", body)).isEmpty();
        for (JsonNode m : body.path("messages")) {
          assertThat(aiModel.validate(byRole.get(m.path("role").asText()), m))
              .as("message %s", m.path("role"))
              .isEmpty();
        }
        assertThat(aiModel.validate("ChatCompletionsToolDefinition", body.path("tools").get(0)))
            .isEmpty();
        assertThat(aiModel.validate("ChatCompletionsNamedToolChoice", body.path("tool_choice")))
            .isEmpty();
        assertThat(
                aiModel.validate(
                    "ChatCompletionsResponseFormatJsonSchema", body.path("response_format")))
            .isEmpty();
      }
    }
  }

  private static JsonNode resource(String path) throws IOException {
    try (InputStream in = FoundryConformanceTest.class.getClassLoader().getResourceAsStream(path)) {
      assertThat(in).as(path).isNotNull();
      return WireJson.parse(in);
    }
  }

  @Test
  void officialAzureChatExampleParsesIntoNeutralValues() throws Exception {
    JsonNode example =
        resource(EXAMPLES + "chat_completions.json").path("responses").path("200").path("body");
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(example.toString())));
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI)) {
      ChatResponse r =
          p.chat(
              ChatRequest.builder().user("can you tell me how to care for a parrot?").build(),
              AttemptContext.forModel("gpt-4"));
      assertThat(r.text())
          .isEqualTo(example.path("choices").get(0).path("message").path("content").asText())
          .startsWith("Ahoy matey!");
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.responseId()).contains("chatcmpl-7R1nGnsXO8n4oi9UPz2f3UHdgAYMn");
      assertThat(r.usage().inputTokens())
          .isEqualTo(example.path("usage").path("prompt_tokens").asLong());
      assertThat(r.usage().outputTokens())
          .isEqualTo(example.path("usage").path("completion_tokens").asLong());
    }
  }

  @Test
  void officialEmbeddingExampleDecodesAsFloatsAndAsBase64() throws Exception {
    JsonNode example =
        resource(EXAMPLES + "embeddings.json").path("responses").path("200").path("body");
    JsonNode floats = example.path("data").get(0).path("embedding");
    assertThat(floats).hasSize(1536);
    ByteBuffer buf = ByteBuffer.allocate(floats.size() * 4).order(ByteOrder.LITTLE_ENDIAN);
    for (JsonNode f : floats) buf.putFloat(f.floatValue());
    String base64Body =
        example
            .toString()
            .replace(
                floats.toString(), "\"" + Base64.getEncoder().encodeToString(buf.array()) + "\"");
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI)) {
      float[] fromFloats = null;
      for (String body : List.of(example.toString(), base64Body)) {
        server.stubFor(
            post(anyUrl())
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(body)));
        EmbeddingResponse r =
            p.embed(
                EmbeddingRequest.builder().input("This is a test.").build(),
                AttemptContext.forModel("text-embedding-ada-002"));
        assertThat(r.embeddings()).hasSize(1);
        assertThat(r.embeddings().get(0).dimensions()).isEqualTo(1536);
        assertThat(r.embeddings().get(0).get(0)).isEqualTo(-0.012838088f);
        assertThat(r.usage().inputTokens()).isEqualTo(4);
        if (fromFloats == null) fromFloats = r.embeddings().get(0).vector();
        else assertThat(r.embeddings().get(0).vector()).containsExactly(fromFloats);
      }
    }
  }

  @Test
  void modelInferenceExampleResponseParses() throws Exception {
    JsonNode example =
        resource(
                "specs/Azure/azure-rest-api-specs/specification/ai/data-plane/AI.Model/preview/2024-05-01-preview/"
                    + "examples/GetChatCompletions_MinimumSet_Gen.json")
            .path("responses")
            .path("200")
            .path("body");
    assertThat(aiModel.validate("ChatCompletions", example)).isEmpty();
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(example.toString())));
    try (FoundryProvider p = provider(FoundryApi.MODEL_INFERENCE)) {
      ChatResponse r =
          p.chat(ChatRequest.builder().user("hi").build(), AttemptContext.forModel("m"));
      assertThat(r.text()).isEqualTo("lyknnetfzfwkzohcnpm");
      assertThat(r.usage().inputTokens()).isEqualTo(14);
      assertThat(r.usage().outputTokens()).isEqualTo(20);
      assertThat(r.model()).isEqualTo("qoqzxiwwpxoputj");
    }
  }

  @Test
  void ourStubResponsesMatchTheAzureResponseSchema() throws Exception {
    assertThat(
            azure.validate(
                "createChatCompletionResponse",
                FoundryStubs.openAiText("x", dev.switchboard.usage.Usage.of(1, 2))))
        .isEmpty();
  }
}
