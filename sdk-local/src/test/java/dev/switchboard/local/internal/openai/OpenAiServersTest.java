package dev.switchboard.local.internal.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OpenAiServerFixture;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each OpenAI-compatible server gets its own dialect, and its quirks are read correctly. */
class OpenAiServersTest {
  static final String CANARY = "CANARY-Jane-Roe-MRN-4417";
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},\"required\":[\"summary\"]}";

  private OpenAiServerFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) fixture.close();
  }

  private OpenAiServerFixture start(LocalServer kind) {
    fixture = new OpenAiServerFixture(kind, b -> b.apiKey(Secret.of("sk-local-0000")));
    return fixture;
  }

  private AttemptContext ctx() {
    return AttemptContext.forModel(fixture.model());
  }

  private JsonNode lastChatBody() throws Exception {
    var all = fixture.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    return WireJson.parse(all.get(all.size() - 1).getBodyAsString());
  }

  private static ChatRequest request() {
    return ChatRequest.builder()
        .developer("Be brief.")
        .user(
            ContentPart.text("Summarize for " + CANARY),
            ImagePart.ofBase64("image/png", "iVBORw0KGgo=").withDetail(ImagePart.Detail.HIGH))
        .maxOutputTokens(200)
        .endUser("user-hash-1")
        .addTool(
            Tool.of(
                "lookup_allergies",
                "Allergies",
                "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"}}}"))
        .responseFormat(ResponseFormat.jsonSchema("summary", SCHEMA, true))
        .build();
  }

  private ChatResponse drain(ChatEventSource s) {
    try (s) {
      ChatEvent last = null;
      for (ChatEvent e = s.next(); e != null; e = s.next()) last = e;
      return ((ChatEvent.Completed) last).response();
    }
  }

  @Test
  void vllmGetsMaxTokensSystemRoleNoUserOrDetailABearerKeyAndStructuredOutputs() throws Exception {
    start(LocalServer.VLLM).givenTextReply("{\"summary\":\"stable\"}", Usage.of(30, 6));
    ChatRequest r = request().toBuilder().extra("guided_regex", "[a-z]+").build();
    drain(fixture.provider().stream(r, ctx()));
    JsonNode body = lastChatBody();
    assertThat(body.path("model").asText()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
    assertThat(body.path("max_tokens").asInt()).isEqualTo(200);
    assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("system");
    assertThat(body.has("user")).isFalse();
    assertThat(body.path("messages").get(1).path("content").get(1).path("image_url").has("detail"))
        .isFalse();
    assertThat(body.path("stream_options").path("include_usage").asBoolean()).isTrue();
    assertThat(
            body.path("response_format")
                .path("json_schema")
                .path("schema")
                .path("required")
                .get(0)
                .asText())
        .isEqualTo("summary");
    assertThat(body.has("guided_regex")).isFalse();
    assertThat(body.path("structured_outputs").path("regex").asText()).isEqualTo("[a-z]+");
    var sent =
        fixture.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions"))).get(0);
    assertThat(sent.getHeader("Authorization")).isEqualTo("Bearer sk-local-0000");
    assertThat(sent.getHeader("X-Request-Id")).isNotBlank();
  }

  @Test
  void vllmIntegerErrorCodesAndMidStreamErrorEvents() {
    start(LocalServer.VLLM);
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            fixture
                                .stubs()
                                .error(
                                    400,
                                    "This model's maximum context length is 8192 tokens. However, you requested 9000 tokens: "
                                        + CANARY))));
    assertThatThrownBy(() -> fixture.provider().chat(request(), ctx()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("status=400")
        .hasMessageContaining("code=400")
        .hasMessageNotContaining(CANARY);
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(
                            "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Pat\"}}]}\n\n"
                                + "data: {\"error\":{\"object\":\"error\",\"message\":\""
                                + CANARY
                                + "\",\"type\":\"InternalServerError\",\"param\":null,\"code\":500}}\n\n")));
    assertThatThrownBy(() -> drain(fixture.provider().stream(request(), ctx())))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void vllmDiscoveryReadsHealthVersionModelsAndContextLength() {
    start(LocalServer.VLLM)
        .server()
        .stubFor(
            get(urlPathEqualTo("/version"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"version\":\"0.11.0\"}")));
    assertThat(fixture.provider().status()).isEqualTo(ServerStatus.up("0.11.0"));
    assertThat(fixture.provider().listModels())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.name()).isEqualTo("meta-llama/Llama-3.1-8B-Instruct");
              assertThat(m.details()).containsEntry("context", "32768");
            });
    assertThat(fixture.provider().discoverCapabilities(fixture.model()))
        .hasValueSatisfying(c -> assertThat(c.contextWindow()).isEqualTo(32768));
    assertThat(fixture.provider().discoverCapabilities("not-served")).isEmpty();
    assertThat(
            fixture
                .provider()
                .serves("meta-llama/Llama-3.1-8B-Instruct", fixture.provider().listModels()))
        .isTrue();
  }

  @Test
  void llamaCppLoadingIsARetryableErrorNamingTheServerAndItsUrl() {
    start(LocalServer.LLAMA_CPP)
        .givenError(dev.switchboard.testkit.ContractFixture.ErrorKind.UNAVAILABLE, null);
    assertThatThrownBy(() -> fixture.provider().chat(request(), ctx()))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining(
            "llama.cpp server at " + fixture.baseUrl() + "/v1 is still loading its model (503)")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/health"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(503)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"error\":{\"code\":503,\"message\":\"Loading model\",\"type\":\"unavailable_error\"}}")));
    assertThat(fixture.provider().status().state()).isEqualTo(ServerStatus.State.LOADING);
  }

  @Test
  void llamaCppErrorLineMidStreamIsAnErrorAndTimingsBecomeMetadata() {
    start(LocalServer.LLAMA_CPP).givenTextReply("Stable.", Usage.of(21, 7));
    ChatResponse whole = fixture.provider().chat(ChatRequest.builder().user("x").build(), ctx());
    assertThat(whole.metadata())
        .containsEntry("server-time-ms", "139.612")
        .containsEntry("tokens-per-second", "69.0");
    assertThat(whole.serverTime()).contains(java.time.Duration.ofNanos(139_612_000));
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(
                            "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Pat\"}}],\"object\":\"chat.completion.chunk\"}\n\n"
                                + "error: {\"code\":500,\"message\":\""
                                + CANARY
                                + "\",\"type\":\"server_error\"}\n\n")));
    assertThatThrownBy(
            () -> drain(fixture.provider().stream(ChatRequest.builder().user("x").build(), ctx())))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void llamaCppPropsGiveContextAndVision() {
    start(LocalServer.LLAMA_CPP)
        .server()
        .stubFor(
            get(urlPathEqualTo("/props"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"default_generation_settings\":{\"n_ctx\":16384,"
                                + "\"params\":{\"n_predict\":-1}},\"total_slots\":4,\"model_path\":\"/models/qwen2.5-7b.gguf\","
                                + "\"modalities\":{\"vision\":false,\"audio\":false},\"build_info\":\"b6002-9a4c1d4e\"}")));
    assertThat(fixture.provider().capabilities(fixture.model()))
        .satisfies(
            c -> {
              assertThat(c.contextWindow()).isEqualTo(16384);
              assertThat(c.vision()).isFalse();
            });
    assertThat(fixture.provider().status()).isEqualTo(ServerStatus.up("b6002-9a4c1d4e"));
  }

  @Test
  void lmStudioSendsJsonSchemaAndTellsVisionModelsApart() throws Exception {
    start(LocalServer.LM_STUDIO).givenTextReply("{\"summary\":\"ok\"}", Usage.of(5, 5));
    fixture.provider().chat(request(), ctx());
    assertThat(lastChatBody().path("response_format").path("type").asText())
        .isEqualTo("json_schema");
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/api/v0/models/qwen2.5-vl-7b"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"id\":\"qwen2.5-vl-7b\",\"object\":\"model\",\"type\":\"vlm\","
                                + "\"publisher\":\"lmstudio-community\",\"arch\":\"qwen2_vl\",\"compatibility_type\":\"gguf\","
                                + "\"quantization\":\"Q4_K_M\",\"state\":\"not-loaded\",\"max_context_length\":32768}")));
    assertThat(fixture.provider().discoverCapabilities("qwen2.5-vl-7b"))
        .hasValueSatisfying(
            c -> {
              assertThat(c.vision()).isTrue();
              assertThat(c.contextWindow()).isEqualTo(32768);
            });
    assertThat(fixture.provider().discoverCapabilities("not-downloaded")).isEmpty();
  }

  @Test
  void lmStudioPlainStringErrorsAreReadToo() {
    start(LocalServer.LM_STUDIO)
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(
                    aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":\"'messages' field is required\"}")));
    assertThatThrownBy(() -> fixture.provider().chat(request(), ctx()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("status=400")
        .hasMessageNotContaining("messages");
  }

  @Test
  void tgiGetsItsGrammarAndToolArgumentsAndItsErrorsAreMapped() throws Exception {
    start(LocalServer.TGI).givenTextReply("{\"summary\":\"ok\"}", Usage.of(5, 5));
    ChatResponse r = fixture.provider().chat(request(), ctx());
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.rawFinishReason()).contains("eos_token");
    JsonNode body = lastChatBody();
    assertThat(body.path("response_format").path("type").asText()).isEqualTo("json");
    assertThat(body.path("response_format").path("value").path("required").get(0).asText())
        .isEqualTo("summary");
    assertThat(body.path("tools").get(0).path("function").path("arguments").path("type").asText())
        .isEqualTo("object");
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(424)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"error\":\"Request failed during generation: Server error: CUDA out of memory\",\"error_type\":\"generation\"}")));
    assertThatThrownBy(() -> fixture.provider().chat(request(), ctx()))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("code=generation");
  }

  @Test
  void tgiMidStreamErrorEventIsAnError() {
    start(LocalServer.TGI)
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/event-stream")
                        .withBody(
                            "data: {\"object\":\"chat.completion.chunk\",\"id\":\"\",\"created\":1,\"model\":\"m\",\"system_fingerprint\":\"3.3.6\","
                                + "\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"Pat\"},\"logprobs\":null,\"finish_reason\":null}]}\n\n"
                                + "data: {\"error\":\"Request failed during generation: "
                                + CANARY
                                + "\",\"error_type\":\"generation\"}\n\n")));
    assertThatThrownBy(
            () -> drain(fixture.provider().stream(ChatRequest.builder().user("x").build(), ctx())))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageNotContaining(CANARY);
  }

  @Test
  void tgiServesAnyModelNameReportsItsContextAndHasNoEmbeddings() {
    start(LocalServer.TGI)
        .server()
        .stubFor(
            get(urlPathEqualTo("/info"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"model_id\":\"mistralai/Mistral-7B-Instruct-v0.3\","
                                + "\"model_sha\":\"e0bc86c\",\"model_pipeline_tag\":\"text-generation\",\"max_concurrent_requests\":128,"
                                + "\"max_best_of\":2,\"max_stop_sequences\":4,\"max_input_tokens\":8191,\"max_total_tokens\":8192,"
                                + "\"validation_workers\":2,\"max_client_batch_size\":4,\"router\":\"text-generation-router\",\"version\":\"3.3.6\"}")));
    assertThat(fixture.provider().status()).isEqualTo(ServerStatus.up("3.3.6"));
    assertThat(fixture.provider().listModels())
        .singleElement()
        .satisfies(m -> assertThat(m.name()).isEqualTo("mistralai/Mistral-7B-Instruct-v0.3"));
    assertThat(fixture.provider().serves("tgi", fixture.provider().listModels())).isTrue();
    assertThat(fixture.provider().capabilities("tgi").contextWindow()).isEqualTo(8192);
    assertThat(fixture.provider().capabilities("tgi").embeddings()).isFalse();
    assertThatThrownBy(
            () -> fixture.provider().embed(EmbeddingRequest.builder().input("x").build(), ctx()))
        .isInstanceOf(UnsupportedCapabilityException.class);
  }

  @Test
  void genericServerCanBeToldNotToAskForStreamUsage() throws Exception {
    fixture =
        new OpenAiServerFixture(
            LocalServer.GENERIC, b -> b.streamUsage(false).maxTokensField("max_completion_tokens"));
    fixture.givenTextReply("ok", Usage.of(1, 1));
    drain(fixture.provider().stream(request(), ctx()));
    JsonNode body = lastChatBody();
    assertThat(body.has("stream_options")).isFalse();
    assertThat(body.path("max_completion_tokens").asInt()).isEqualTo(200);
    assertThat(
            fixture
                .server()
                .findAll(
                    postRequestedFor(urlPathEqualTo("/v1/chat/completions"))
                        .withHeader("Accept", equalTo("text/event-stream"))))
        .hasSize(1);
  }
}
