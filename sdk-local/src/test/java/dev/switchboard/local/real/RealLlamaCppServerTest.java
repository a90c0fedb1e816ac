package dev.switchboard.local.real;

import static dev.switchboard.local.real.RealClients.MODEL;
import static dev.switchboard.local.real.RealClients.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.auth.Secret;
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
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.TransportException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.internal.openai.OpenAiCompatibleProvider;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #17's points checked against a real llama.cpp {@code llama-server} (the default build
 * checks the same through WireMock replays in {@code LlamaCppServerTest} and {@code
 * AsyncCancelTest}): cancel, tool choice, JSON modes, cut tool calls, 500 and 501 answers, images
 * to a text model, states, version and dimensions. Opt-in: {@code -Preal-servers}.
 */
@Tag("real-server")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLlamaCppServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PATIENT = "CANARY-Jane-Roe-MRN-4417";
  private static final String KEY = "sk-real-server-test-key";
  private static final int LONG = RealLlamaCppContractTest.LONG;

  private LlamaServer chat;
  private LlamaServer embed;

  /** Serves the tool-caller model, which opens a tool call whenever the server lets it. */
  private LlamaServer tools;

  @BeforeAll
  void startServers() {
    chat =
        LlamaServer.startReady(
            "server-chat", LlamaCppBuild.model(), "--alias", MODEL, "--parallel", "1");
    embed =
        LlamaServer.startReady(
            "server-embed",
            LlamaCppBuild.model(),
            "--alias",
            MODEL,
            "--embeddings",
            "--pooling",
            "mean",
            "--parallel",
            "1");
    tools =
        LlamaServer.startReady(
            "server-tools", LlamaCppBuild.toolModel(), "--alias", MODEL, "--parallel", "1");
  }

  @AfterAll
  void stopServers() {
    if (chat != null) chat.close();
    if (embed != null) embed.close();
    if (tools != null) tools.close();
  }

  private static ChatRequest.Builder ask(String text, int maxTokens) {
    return ChatRequest.builder()
        .model(ROUTE)
        .user(text)
        .temperature(0)
        .seed(7)
        .maxOutputTokens(maxTokens);
  }

  private static Tool tool(String name) {
    return Tool.of(
        name,
        "Look up " + name,
        "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\","
            + "\"enum\":[\"p-17\",\"p-18\"]}},\"required\":[\"patient\"],"
            + "\"additionalProperties\":false}");
  }

  // --- point 1: cancel ---

  @Test
  void cancellingChatAsyncStopsTheServersGeneration() throws Exception {
    RealClients.Recorder recorder = new RealClients.Recorder();
    try (ModelClient c = RealClients.builder(chat, b -> b).addListener(recorder).build()) {
      CompletableFuture<ChatResponse> future =
          c.chatAsync(ask(PATIENT, LONG).extra("ignore_eos", true).build());
      JsonNode busy = chat.awaitSlot("generating", s -> s.path("is_processing").asBoolean());

      assertThat(future.cancel(true)).isTrue();

      JsonNode done = chat.awaitIdle(busy);
      assertThat(done.at("/next_token/0/n_decoded").asInt()).isLessThan(LONG);
      assertThat(recorder.awaitEnd()).isTrue();
      assertThat(recorder.attempts.get()).isEqualTo(1);
      assertThat(recorder.failure.get())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("the call was cancelled");
    }
  }

  // --- point 2: named tool choice; tools round trip ---

  /**
   * The tool-caller model calls the first tool it is offered when free to choose, so a call of the
   * second one shows that the named choice reached the server's grammar.
   */
  @Test
  void aNamedToolChoiceGetsACallOfThatTool() {
    try (ModelClient c = RealClients.client(tools)) {
      for (String name : List.of("lookup_allergies", "lookup_labs")) {
        ChatResponse r =
            c.chat(
                ask("Check the patient", 120)
                    .addTool(tool("lookup_allergies"))
                    .addTool(tool("lookup_labs"))
                    .toolChoice(ToolChoice.tool(name))
                    .build());
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.toolCalls())
            .isNotEmpty()
            .allSatisfy(t -> assertThat(t.name()).isEqualTo(name));
      }
    }
  }

  @Test
  void aToolResultSentBackGetsAnAnswer() {
    try (ModelClient c = RealClients.client(tools)) {
      ChatRequest first =
          ask("Check the patient", 120)
              .addTool(tool("lookup_allergies"))
              .toolChoice(ToolChoice.required())
              .build();
      ChatResponse called = c.chat(first);
      assertThat(called.toolCalls()).isNotEmpty();
      ChatRequest.Builder next =
          first.toBuilder()
              .message(ChatMessage.assistant("", called.toolCalls()))
              .toolChoice(ToolChoice.none());
      for (ToolCall call : called.toolCalls()) next.toolResult(call.id(), "{\"allergies\":[]}");
      ChatResponse answer = c.chat(next.build());
      assertThat(answer.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
      assertThat(answer.toolCalls()).isEmpty();
      assertThat(answer.usage().inputTokens()).isGreaterThan(called.usage().inputTokens());
    }
  }

  // --- point 3: JSON modes ---

  @Test
  void jsonObjectModeGetsAJsonObject() throws Exception {
    try (ModelClient c = RealClients.client(chat)) {
      ChatResponse r =
          c.chat(ask("Reply in JSON", 400).responseFormat(ResponseFormat.jsonObject()).build());
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(JSON.readTree(r.text()).isObject()).isTrue();
    }
  }

  @Test
  void jsonSchemaModeGetsTheSchemasObject() throws Exception {
    String schema =
        "{\"type\":\"object\",\"properties\":{\"stable\":{\"type\":\"boolean\"},"
            + "\"ward\":{\"type\":\"string\",\"enum\":[\"A\",\"B\"]}},"
            + "\"required\":[\"stable\",\"ward\"],\"additionalProperties\":false}";
    try (ModelClient c = RealClients.client(chat)) {
      ChatResponse r =
          c.chat(
              ask("Is the patient stable?", 100)
                  .responseFormat(ResponseFormat.jsonSchema("status", schema, true))
                  .build());
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      JsonNode answer = JSON.readTree(r.text());
      assertThat(answer.get("stable").isBoolean()).isTrue();
      assertThat(answer.get("ward").asText()).isIn("A", "B");
    }
  }

  // --- point 4: a tool call cut by the output limit; a 500 our request caused ---

  /**
   * Raises the output limit a token at a time until the server cuts a tool call inside its
   * arguments (the tool-caller model spells the call a byte at a time, about 60 tokens, so some
   * limit lands in it): that answer is refused with one attempt, and no answer along the way hands
   * out arguments that are not a whole JSON object.
   */
  @Test
  void aToolCallCutByTheOutputLimitIsRefusedAndNotRetried() throws Exception {
    int refused = 0;
    for (int limit = 4; limit <= 100 && refused == 0; limit++) {
      RealClients.Recorder recorder = new RealClients.Recorder();
      try (ModelClient c = RealClients.builder(tools, b -> b).addListener(recorder).build()) {
        ChatRequest r =
            ask("Check the patient", limit)
                .addTool(tool("lookup_allergies"))
                .toolChoice(ToolChoice.required())
                .build();
        try {
          ChatResponse answer = c.chat(r);
          for (ToolCall call : answer.toolCalls()) {
            assertThat(JSON.readTree(call.arguments()).isObject())
                .as("arguments handed out with limit %d: %s", limit, call.arguments())
                .isTrue();
          }
        } catch (DecodingException e) {
          assertThat(e).hasMessageContaining("cut off by the output limit");
          assertThat(e.retryable()).isFalse();
          assertThat(recorder.attempts.get()).isEqualTo(1);
          refused++;
        }
      }
    }
    assertThat(refused).as("a limit that cuts the call's arguments").isPositive();
  }

  @Test
  void aHistoryTheServerCannotParseIsAnInvalidRequestNotRetried() {
    RealClients.Recorder recorder = new RealClients.Recorder();
    try (ModelClient c = RealClients.builder(chat, b -> b).addListener(recorder).build()) {
      ChatRequest r =
          ask(PATIENT, 8)
              .addTool(tool("lookup_allergies"))
              .message(
                  ChatMessage.assistant(
                      "", List.of(new ToolCall("call_1", "lookup_allergies", "{"))))
              .toolResult("call_1", "{}")
              .build();
      assertThatThrownBy(() -> c.chat(r))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageNotContaining(PATIENT);
      assertThat(recorder.attempts.get()).isEqualTo(1);
    }
  }

  // --- point 5: 501 ---

  /**
   * With discovery on (the default), the probe has found that the chat server cannot embed, so the
   * pipeline refuses before sending anything; with discovery off, the server's 501 comes back as
   * unsupported with its own reason, after one attempt.
   */
  @Test
  void embeddingsOnAChatServerAreUnsupportedWithTheServersReasonAndNotRetried() {
    EmbeddingRequest request = EmbeddingRequest.builder().model(ROUTE).input(PATIENT).build();
    RealClients.Recorder probed = new RealClients.Recorder();
    try (ModelClient c = RealClients.builder(chat, b -> b).addListener(probed).build()) {
      assertThatThrownBy(() -> c.embed(request))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("lacks embeddings")
          .hasMessageNotContaining(PATIENT);
      assertThat(probed.attempts.get()).isZero();
    }
    RealClients.Recorder sent = new RealClients.Recorder();
    try (ModelClient c =
        RealClients.builder(chat, b -> b.discoverCapabilities(false)).addListener(sent).build()) {
      assertThatThrownBy(() -> c.embed(request))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("--embeddings")
          .hasMessageNotContaining(PATIENT);
      assertThat(sent.attempts.get()).isEqualTo(1);
    }
  }

  @Test
  void theCapabilityProbeSaysEmbeddingsOnlyWhereTheServerServesThem() {
    assertThat(RealClients.provider(chat, b -> b).discoverCapabilities(MODEL))
        .hasValueSatisfying(
            caps -> {
              assertThat(caps.embeddings()).isFalse();
              assertThat(caps.vision()).isFalse();
              assertThat(caps.contextWindow()).isPositive();
            });
    assertThat(RealClients.provider(embed, b -> b).discoverCapabilities(MODEL))
        .hasValueSatisfying(caps -> assertThat(caps.embeddings()).isTrue());
  }

  // --- point 6: router mode; an image to a text model ---

  /**
   * A router ({@code llama-server --models-dir}) lists the models it can load, each with a status:
   * only a listed name is served, even when the list has one entry; asked for another model it
   * answers 400 {@code model '...' not found}, which keeps the not-served hint; the capability
   * probe asks {@code /props?model=} for the model meant, and a call to the listed model loads and
   * runs it.
   */
  @Test
  void aRouterServesOnlyTheModelsItListsAndSaysSoForOthers() throws Exception {
    Path dir = LlamaCppBuild.workDir().resolve("router-models");
    Files.createDirectories(dir);
    Path link = dir.resolve(MODEL + ".gguf");
    Files.deleteIfExists(link);
    Files.createSymbolicLink(link, LlamaCppBuild.model().toAbsolutePath());
    try (LlamaServer router =
        LlamaServer.startReady("server-router", null, "--models-dir", dir.toString())) {
      OpenAiCompatibleProvider p = RealClients.provider(router, b -> b);
      List<ServedModel> served = p.listModels();
      assertThat(served).extracting(ServedModel::name).containsExactly(MODEL);
      assertThat(served.get(0).details()).containsKey("status");
      assertThat(p.serves(MODEL, served)).isTrue();
      assertThat(p.serves("llama-3.2-1b", served)).isFalse();

      RealClients.Recorder recorder = new RealClients.Recorder();
      try (ModelClient c =
          ModelClient.builder()
              .provider("llama", RealClients.config(router).build())
              .route("other", Route.of("llama", "llama-3.2-1b"))
              .route(ROUTE, Route.of("llama", MODEL))
              .timeouts(RealClients.PATIENT)
              .addListener(recorder)
              .build()) {
        assertThatThrownBy(() -> c.chat(ask(PATIENT, 4).model("other").build()))
            .isInstanceOf(InvalidRequestException.class)
            .hasMessageContaining("'switchboard models' lists what it serves")
            .hasMessageNotContaining(PATIENT);
        assertThat(recorder.attempts.get()).isEqualTo(1);
        assertThat(c.chat(ask("hello", 4).build()).usage().outputTokens()).isPositive();
      }
      assertThat(p.discoverCapabilities(MODEL))
          .hasValueSatisfying(caps -> assertThat(caps.vision()).isFalse());
    }
  }

  @Test
  void anImageToATextModelIsUnsupportedAndNotRetried() {
    RealClients.Recorder recorder = new RealClients.Recorder();
    try (ModelClient c =
        RealClients.builder(chat, b -> b.discoverCapabilities(false))
            .addListener(recorder)
            .build()) {
      ChatRequest r =
          ChatRequest.builder()
              .model(ROUTE)
              .maxOutputTokens(4)
              .user(
                  ContentPart.text("What is on the image?"),
                  ImagePart.ofBase64(
                      "image/png",
                      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="))
              .build();
      assertThatThrownBy(() -> c.chat(r)).isInstanceOf(UnsupportedCapabilityException.class);
      assertThat(recorder.attempts.get()).isEqualTo(1);
    }
  }

  // --- points 7 and 9: states, the refused key, the version ---

  @Test
  void theStatusShowsUpWithTheServersBuild() {
    JsonNode props = chat.getJson("/props");
    ServerStatus s = RealClients.provider(chat, b -> b).status();
    assertThat(s.state()).isEqualTo(ServerStatus.State.UP);
    assertThat(s.version()).isNotBlank().isEqualTo(props.path("build_info").asText());
    OpenAiCompatibleProvider p = RealClients.provider(chat, b -> b);
    assertThat(p.serves(MODEL, p.listModels())).isTrue();
  }

  @Test
  void aLoadingServerShowsAsLoading() {
    try (LoadingServer loading = LoadingServer.start("server-loading")) {
      ServerStatus s = RealClients.provider(loading.server(), b -> b).status();
      assertThat(s.state()).isEqualTo(ServerStatus.State.LOADING);
    }
  }

  @Test
  void aRefusedKeyShowsInTheStatusThoughHealthNeedsNoKey() {
    try (LlamaServer keyed =
        LlamaServer.startReady(
            "server-keyed", LlamaCppBuild.model(), "--alias", MODEL, "--api-key", KEY)) {
      assertThat(keyed.status("/health")).isEqualTo(200);
      ServerStatus wrong =
          RealClients.provider(keyed, b -> b.apiKey(Secret.of("sk-wrong-key-0000"))).status();
      assertThat(wrong.state()).isEqualTo(ServerStatus.State.DOWN);
      assertThat(wrong.describe()).contains("the API key was refused (401)");
      ServerStatus right = RealClients.provider(keyed, b -> b.apiKey(Secret.of(KEY))).status();
      assertThat(right.state()).isEqualTo(ServerStatus.State.UP);
    }
  }

  // --- point 9: dimensions ---

  @Test
  void dimensionsTheServerCannotHonourAreAnError() {
    int size = embed.postJson("/v1/embeddings", "{\"input\":\"x\"}").at("/data/0/embedding").size();
    try (ModelClient c = RealClients.client(embed)) {
      assertThatThrownBy(
              () ->
                  c.embed(EmbeddingRequest.builder().model(ROUTE).input("x").dimensions(2).build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("asked for 2 dimensions, it answered " + size);
    }
  }
}
