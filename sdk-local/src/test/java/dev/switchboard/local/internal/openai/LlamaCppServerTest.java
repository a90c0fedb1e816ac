package dev.switchboard.local.internal.openai;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OpenAiServerFixture;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What a real llama.cpp {@code llama-server} showed (issue #17), reproduced on WireMock with the
 * server's own statuses and bodies: tool choice, JSON mode, cut tool calls, 500 and 501 answers,
 * router mode, states, stream timings, dimensions and the version.
 */
class LlamaCppServerTest {
  private static final String PATIENT = "CANARY-Jane-Roe-MRN-4417";
  private static final String MODEL = "qwen2.5-7b-instruct-q4_k_m.gguf";

  private OpenAiServerFixture fixture;

  @AfterEach
  void stop() {
    if (fixture != null) fixture.close();
  }

  private OpenAiServerFixture start() {
    fixture = new OpenAiServerFixture(LocalServer.LLAMA_CPP, b -> b.discoverCapabilities(false));
    return fixture;
  }

  private ModelClient client() {
    return ModelClient.builder()
        .provider(fixture.provider())
        .route("m", Route.of(fixture.provider().id(), MODEL))
        .build();
  }

  private JsonNode lastChatBody() throws Exception {
    var all = fixture.server().findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")));
    return WireJson.parse(all.get(all.size() - 1).getBodyAsString());
  }

  private int chatRequests() {
    return fixture
        .server()
        .findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")))
        .size();
  }

  private void answerChat(int status, String body) {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/chat/completions"))
                .atPriority(1)
                .willReturn(
                    aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(body)));
  }

  private static Tool tool(String name) {
    return Tool.of(
        name, name, "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"string\"}}}");
  }

  @Test
  void aNamedToolChoiceSendsOnlyThatToolAsRequired() throws Exception {
    start().givenTextReply("ok", Usage.of(1, 1));
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .addTool(tool("lookup_allergies"))
            .addTool(tool("lookup_labs"))
            .toolChoice(ToolChoice.tool("lookup_labs"))
            .build();
    fixture.provider().chat(r, AttemptContext.forModel(MODEL));
    JsonNode body = lastChatBody();
    assertThat(body.get("tool_choice").asText()).isEqualTo("required");
    assertThat(body.get("tools")).hasSize(1);
    assertThat(body.at("/tools/0/function/name").asText()).isEqualTo("lookup_labs");
  }

  @Test
  void jsonObjectModeCarriesAnObjectSchemaWhichLlamaCppEnforces() throws Exception {
    start().givenTextReply("{}", Usage.of(1, 1));
    fixture
        .provider()
        .chat(
            ChatRequest.builder().user("x").responseFormat(ResponseFormat.jsonObject()).build(),
            AttemptContext.forModel(MODEL));
    assertThat(lastChatBody().get("response_format").toString())
        .isEqualTo("{\"type\":\"json_object\",\"schema\":{\"type\":\"object\"}}");
  }

  @Test
  void aToolCallCutByTheOutputLimitIsRefusedNotHandedOutAsComplete() {
    start();
    // what llama-server answered with max_tokens 8: the call opened, its arguments cut after "{"
    answerChat(
        200,
        "{\"choices\":[{\"finish_reason\":\"length\",\"index\":0,\"message\":{\"role\":\"assistant\","
            + "\"content\":null,\"tool_calls\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup_labs\","
            + "\"arguments\":\"{\"},\"id\":\"Xq1bEcnS0c0T3a5uBV7eeGmN7Oj2hF1y\"}]}}],\"created\":1760000000,"
            + "\"model\":\"qwen2.5-7b-instruct-q4_k_m.gguf\",\"system_fingerprint\":\"b6002-9a4c1d4e\","
            + "\"object\":\"chat.completion\",\"usage\":{\"completion_tokens\":8,\"prompt_tokens\":180,"
            + "\"total_tokens\":188},\"id\":\"chatcmpl-1\"}");
    try (ModelClient client = client()) {
      ChatRequest r = ChatRequest.builder().user("x").addTool(tool("lookup_labs")).build();
      assertThatThrownBy(() -> client.chat(r))
          .isInstanceOf(DecodingException.class)
          .hasMessageContaining("cut off by the output limit")
          .satisfies(e -> assertThat(((DecodingException) e).retryable()).isFalse());
    }
    assertThat(chatRequests()).isEqualTo(1);
  }

  @Test
  void aParseError500CausedByTheRequestIsNotRetried() {
    start();
    // llama-server's answer to a history holding tool-call arguments that are not JSON
    answerChat(
        500,
        "{\"error\":{\"code\":500,\"message\":\"[json.exception.parse_error.101] parse error at line 1,"
            + " column 2: syntax error while parsing object key - unexpected end of input; expected"
            + " string literal\",\"type\":\"server_error\"}}");
    try (ModelClient client = client()) {
      assertThatThrownBy(() -> client.chat(ChatRequest.builder().user(PATIENT).build()))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("could not parse the request")
          .hasMessageNotContaining(PATIENT);
    }
    assertThat(chatRequests()).isEqualTo(1);
  }

  @Test
  void a501IsAnUnsupportedCapabilityKeepingTheServersReasonAndIsNotRetried() {
    start();
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/v1/embeddings"))
                .willReturn(
                    aResponse()
                        .withStatus(501)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(
                            "{\"error\":{\"code\":501,\"message\":\"This server does not support"
                                + " embeddings. Start it with `--embeddings`\",\"type\":\"not_supported_error\"}}")));
    try (ModelClient client = client()) {
      assertThatThrownBy(() -> client.embed(EmbeddingRequest.builder().input(PATIENT).build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("Start it with `--embeddings`")
          .hasMessageNotContaining(PATIENT);
    }
    assertThat(fixture.server().findAll(postRequestedFor(urlPathEqualTo("/v1/embeddings"))))
        .hasSize(1);
    propsAnswer(false);
    assertThat(fixture.provider().discoverCapabilities(MODEL))
        .hasValueSatisfying(c -> assertThat(c.embeddings()).isFalse());
  }

  private void propsAnswer(boolean vision) {
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/props"))
                .withQueryParam("model", equalTo(MODEL))
                .atPriority(1)
                .willReturn(
                    LocalFixtureBodies.json(
                        "{\"default_generation_settings\":{\"n_ctx\":4096},\"total_slots\":1,"
                            + "\"modalities\":{\"vision\":"
                            + vision
                            + ",\"audio\":false},\"build_info\":\"b6002-9a4c1d4e\"}")));
  }

  @Test
  void inRouterModeAOneEntryListServesOnlyThatModel() {
    start();
    routerModels();
    List<dev.switchboard.spi.ServedModel> served = fixture.provider().listModels();
    assertThat(served).extracting(m -> m.details().get("status")).containsExactly("loaded");
    assertThat(fixture.provider().serves(MODEL, served)).isTrue();
    assertThat(fixture.provider().serves("llama-3.2-1b.gguf", served)).isFalse();
  }

  private void routerModels() {
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/v1/models"))
                .atPriority(0)
                .willReturn(
                    LocalFixtureBodies.json(
                        "{\"object\":\"list\",\"data\":[{\"id\":\""
                            + MODEL
                            + "\",\"object\":\"model\",\"owned_by\":\"llamacpp\",\"created\":1760000000,"
                            + "\"in_cache\":false,\"path\":\"/models/"
                            + MODEL
                            + "\",\"status\":{\"value\":\"loaded\"}}]}")));
  }

  @Test
  void theRoutersModelNotFound400KeepsTheNotServedHint() {
    start();
    answerChat(
        400,
        "{\"error\":{\"code\":400,\"message\":\"model 'llama-3.2-1b.gguf' not found\","
            + "\"type\":\"invalid_request_error\"}}");
    assertThatThrownBy(
            () ->
                fixture
                    .provider()
                    .chat(
                        ChatRequest.builder().user("x").build(),
                        AttemptContext.forModel("llama-3.2-1b.gguf")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("model 'llama-3.2-1b.gguf' or the API route was not found")
        .hasMessageContaining("'switchboard models' lists what it serves");
  }

  @Test
  void theCapabilityProbeAsksPropsForTheModel() {
    start();
    propsAnswer(false);
    // the router's answer without ?model=: the server's own, which claimed vision
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/props"))
                .withQueryParam("model", absent())
                .atPriority(1)
                .willReturn(LocalFixtureBodies.json("{\"modalities\":{\"vision\":true}}")));
    assertThat(fixture.provider().discoverCapabilities(MODEL))
        .hasValueSatisfying(c -> assertThat(c.vision()).isFalse());
  }

  @Test
  void anImageToATextModelIsUnsupportedNotRetried() {
    start();
    answerChat(
        500,
        "{\"error\":{\"code\":500,\"message\":\"image input is not supported - hint: if this is"
            + " unexpected, you may need to provide the mmproj\",\"type\":\"server_error\"}}");
    ChatRequest r =
        ChatRequest.builder()
            .user(ContentPart.text("x"), ImagePart.ofBase64("image/png", "iVBORw0KGgo="))
            .build();
    try (ModelClient client = client()) {
      assertThatThrownBy(() -> client.chat(r))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("image input is not supported");
    }
    assertThat(chatRequests()).isEqualTo(1);
  }

  @Test
  void aRefusedKeyShowsInTheStatusThoughHealthNeedsNoKey() {
    fixture =
        new OpenAiServerFixture(LocalServer.LLAMA_CPP, b -> b.apiKey(Secret.of("sk-wrong-0000")));
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/props"))
                .willReturn(
                    aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json; charset=utf-8")
                        .withBody(
                            "{\"error\":{\"code\":401,\"message\":\"Invalid API Key\","
                                + "\"type\":\"authentication_error\"}}")));
    ServerStatus s = fixture.provider().status();
    assertThat(s.state()).isEqualTo(ServerStatus.State.DOWN);
    assertThat(s.describe()).contains("the API key was refused (401)");
  }

  @Test
  void theStatusShowsTheServersBuild() {
    start();
    fixture
        .server()
        .stubFor(
            get(urlPathEqualTo("/props"))
                .willReturn(LocalFixtureBodies.json("{\"build_info\":\"b6002-9a4c1d4e\"}")));
    assertThat(fixture.provider().status()).isEqualTo(ServerStatus.up("b6002-9a4c1d4e"));
  }

  @Test
  void aStreamCarriesTheServerTimeFromTheLastChunksTimings() {
    start().givenTextReply("Stable.", Usage.of(21, 7));
    ChatResponse r;
    try (ChatEventSource s =
        fixture.provider().stream(
            ChatRequest.builder().user("x").build(), AttemptContext.forModel(MODEL))) {
      ChatEvent last = null;
      for (ChatEvent e = s.next(); e != null; e = s.next()) last = e;
      r = ((ChatEvent.Completed) last).response();
    }
    assertThat(r.serverTime()).contains(Duration.ofNanos(139_612_000));
    assertThat(r.metadata()).containsEntry("server-time-ms", "139.612");
  }

  @Test
  void dimensionsTheServerCannotHonourAreAnErrorNotIgnored() {
    start().givenEmbeddings(List.of(new float[] {0.1f, 0.2f, 0.3f, 0.4f}), Usage.of(3, 0));
    assertThatThrownBy(
            () ->
                fixture
                    .provider()
                    .embed(
                        EmbeddingRequest.builder().input("x").dimensions(2).build(),
                        AttemptContext.forModel(MODEL)))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("asked for 2 dimensions, it answered 4");
  }

  /** JSON answers. */
  private static final class LocalFixtureBodies {
    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(String body) {
      return dev.switchboard.local.LocalFixture.json(200, body);
    }
  }
}
