package dev.switchboard.local.real;

import static dev.switchboard.local.real.RealClients.MODEL;
import static dev.switchboard.local.real.RealClients.ROUTE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.Timeouts;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The cases of the adapter contract ({@code ProviderContractTest}) against a real llama.cpp {@code
 * llama-server} serving a tiny random-weight model. The contract's scripted answers become the
 * server's own: with greedy sampling the model answers the same request the same way, so the SDK's
 * answer is compared with what the server answers to the same request sent without the SDK (text,
 * finish reason, token counts), and its errors come from the server's real failure modes (a refused
 * key, a loading model, a busy server, a killed process). Opt-in: {@code -Preal-servers}.
 */
@Tag("real-server")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealLlamaCppContractTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CANARY = "CANARY-Jane-Roe-MRN-4417";
  private static final String KEY = "sk-real-server-test-key";

  /** A generation far longer than any test waits for: well below a slot's context (8192 / 2). */
  static final int LONG = 3500;

  private LlamaServer chat;
  private LlamaServer embed;

  /**
   * Serves the tool-caller model (build-tools/real-servers/make-tiny-model.py): it opens a tool
   * call whenever the server lets it, which the random model never does.
   */
  private LlamaServer tools;

  @BeforeAll
  void startServers() {
    chat =
        LlamaServer.startReady(
            "contract-chat", LlamaCppBuild.model(), "--alias", MODEL, "--parallel", "2");
    embed =
        LlamaServer.startReady(
            "contract-embed",
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
            "contract-tools", LlamaCppBuild.toolModel(), "--alias", MODEL, "--parallel", "1");
  }

  @AfterAll
  void stopServers() {
    if (chat != null) chat.close();
    if (embed != null) embed.close();
    if (tools != null) tools.close();
  }

  private ModelClient client(LlamaServer server) {
    return RealClients.builder(server, b -> b)
        .resilience(
            ResiliencePolicy.ofDefaults()
                .withRetry(RetryPolicy.none())
                .withCircuitBreaker(CircuitBreakerPolicy.disabled()))
        .build();
  }

  private static ChatRequest prompt(int maxTokens) {
    return ChatRequest.builder()
        .model(ROUTE)
        .system("Be brief.")
        .user("Summarize the note for " + CANARY)
        .temperature(0)
        .seed(7)
        .maxOutputTokens(maxTokens)
        // Each request evaluates its whole prompt: a reused prompt cache computes the last logits
        // in another batch shape, and the random model's nearly flat logits can then tip greedy
        // sampling to another token.
        .extra("cache_prompt", false)
        .build();
  }

  /**
   * A request the server answers to its limit: {@code ignore_eos} keeps the random model from
   * ending early, so only the limit (or the client going away) stops the generation.
   */
  private static ChatRequest endless(int maxTokens) {
    return prompt(maxTokens).toBuilder().extra("ignore_eos", true).build();
  }

  /** The same request as {@link #prompt}, as JSON for the server itself. */
  private static String rawPrompt(int maxTokens, boolean stream) {
    return "{\"model\":\""
        + MODEL
        + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
        + "{\"role\":\"user\",\"content\":\"Summarize the note for "
        + CANARY
        + "\"}],\"temperature\":0,\"seed\":7,\"cache_prompt\":false,\"max_tokens\":"
        + maxTokens
        + ",\"stream\":"
        + stream
        + "}";
  }

  private static Tool allergies() {
    return Tool.of(
        "lookup_allergies",
        "Allergies of a patient",
        "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\","
            + "\"enum\":[\"p-17\",\"p-18\"]}},\"required\":[\"patient\"],"
            + "\"additionalProperties\":false}");
  }

  private static ChatRequest toolPrompt(ToolChoice choice) {
    return prompt(120).toBuilder().addTool(allergies()).toolChoice(choice).build();
  }

  private static ChatRequest toolPrompt() {
    return toolPrompt(ToolChoice.required());
  }

  private static ChatResponse streamed(ModelClient c, ChatRequest request, List<String> deltas) {
    try (ChatStream stream = c.stream(request)) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
      }
      return stream.response();
    }
  }

  private static void namesProviderWithoutPromptText(Throwable e) {
    assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("Summarize the note");
    assertThat(((SwitchboardException) e).provider()).isPresent();
  }

  // --- answers ---

  @Test
  void chatReturnsTheServersTextFinishReasonUsageAndServingModel() {
    JsonNode raw = chat.postJson("/v1/chat/completions", rawPrompt(24, false));
    try (ModelClient c = client(chat)) {
      ChatResponse r = c.chat(prompt(24));
      assertThat(r.text()).isEqualTo(raw.at("/choices/0/message/content").asText());
      assertThat(r.rawFinishReason()).contains(raw.at("/choices/0/finish_reason").asText());
      assertThat(r.finishReason()).isIn(FinishReason.STOP, FinishReason.LENGTH);
      assertThat(r.usage().inputTokens()).isEqualTo(raw.at("/usage/prompt_tokens").asLong());
      assertThat(r.usage().outputTokens()).isEqualTo(raw.at("/usage/completion_tokens").asLong());
      assertThat(r.usage().outputTokens()).isPositive().isLessThanOrEqualTo(24);
      assertThat(r.provider()).isEqualTo("llama");
      assertThat(r.model()).isNotBlank();
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(r.serverTime()).hasValueSatisfying(t -> assertThat(t).isPositive());
    }
  }

  @Test
  void streamDeliversTextInPiecesAndTheSameAnswerWithUsageAndServerTime() {
    try (ModelClient c = client(chat)) {
      ChatResponse whole = c.chat(prompt(24));
      List<String> deltas = new ArrayList<>();
      ChatResponse r = streamed(c, prompt(24), deltas);
      assertThat(deltas).hasSizeGreaterThan(1);
      assertThat(String.join("", deltas)).isEqualTo(whole.text());
      assertThat(r.text()).isEqualTo(whole.text());
      assertThat(r.finishReason()).isEqualTo(whole.finishReason());
      assertThat(r.usage().inputTokens()).isEqualTo(whole.usage().inputTokens());
      assertThat(r.usage().outputTokens()).isEqualTo(whole.usage().outputTokens());
      // llama.cpp's timings arrive in the last chunk of a stream (issue #17, point 8)
      assertThat(r.serverTime()).hasValueSatisfying(t -> assertThat(t).isPositive());
      assertThat(r.metadata()).containsKey("server-time-ms");
    }
  }

  @Test
  void closingAStreamEarlyStopsTheServersGeneration() {
    try (ModelClient c = client(chat)) {
      JsonNode busy;
      try (ChatStream stream = c.stream(endless(LONG))) {
        Iterator<ChatEvent> it = stream.iterator();
        assertThat(it.next()).isNotNull();
        busy = chat.awaitSlot("generating", s -> s.path("is_processing").asBoolean());
      }
      JsonNode done = chat.awaitIdle(busy);
      assertThat(done.at("/next_token/0/n_decoded").asInt()).isLessThan(LONG);
    }
  }

  // --- tools ---

  @Test
  void chatReturnsCompleteToolCalls() throws Exception {
    try (ModelClient c = client(tools)) {
      ChatResponse r = c.chat(toolPrompt());
      assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(r.toolCalls()).isNotEmpty();
      for (ToolCall call : r.toolCalls()) {
        assertThat(call.id()).isNotBlank();
        assertThat(call.name()).isEqualTo("lookup_allergies");
        assertThat(JSON.readTree(call.arguments()).path("patient").asText()).isIn("p-17", "p-18");
      }
    }
  }

  /** The server's answer without the SDK, for the same request, to compare the SDK's view with. */
  private JsonNode rawToolAnswer(String toolChoice) {
    return tools.postJson(
        "/v1/chat/completions",
        "{\"model\":\""
            + MODEL
            + "\",\"messages\":[{\"role\":\"system\",\"content\":\"Be brief.\"},"
            + "{\"role\":\"user\",\"content\":\"Summarize the note for "
            + CANARY
            + "\"}],\"temperature\":0,\"seed\":7,\"cache_prompt\":false,\"max_tokens\":120,"
            + "\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"lookup_allergies\","
            + "\"description\":\"Allergies of a patient\",\"parameters\":"
            + allergies().parametersSchema()
            + "}}],\"tool_choice\":\""
            + toolChoice
            + "\"}");
  }

  @Test
  void autoToolChoiceHandsOutTheCallTheModelChoseToMake() throws Exception {
    JsonNode whole = rawToolAnswer("auto");
    JsonNode raw = whole.at("/choices/0");
    assertThat(raw.path("finish_reason").asText()).isEqualTo("tool_calls");
    try (ModelClient c = client(tools)) {
      ChatResponse r = c.chat(toolPrompt(ToolChoice.auto()));
      assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(r.toolCalls()).hasSize(raw.at("/message/tool_calls").size());
      ToolCall call = r.toolCalls().get(0);
      assertThat(call.name()).isEqualTo(raw.at("/message/tool_calls/0/function/name").asText());
      assertThat(JSON.readTree(call.arguments()))
          .isEqualTo(JSON.readTree(raw.at("/message/tool_calls/0/function/arguments").asText()));
      assertThat(r.usage().outputTokens())
          .isPositive()
          .isEqualTo(whole.at("/usage/completion_tokens").asLong());
    }
  }

  /**
   * With {@code none} the server applies no tool-call grammar and parses no call: what the model
   * writes (this one starts a call, as it always does) comes back as text, never as a tool call.
   */
  @Test
  void noneToolChoiceGetsTextAndNoToolCall() {
    JsonNode raw = rawToolAnswer("none").at("/choices/0");
    try (ModelClient c = client(tools)) {
      ChatResponse r = c.chat(toolPrompt(ToolChoice.none()));
      assertThat(r.toolCalls()).isEmpty();
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.text()).isEqualTo(raw.at("/message/content").asText());
      assertThat(raw.at("/message/tool_calls").isMissingNode()).isTrue();
    }
  }

  @Test
  void streamAssemblesTheSameToolCallsFromFragments() {
    try (ModelClient c = client(tools)) {
      ChatResponse whole = c.chat(toolPrompt());
      ChatResponse r = streamed(c, toolPrompt(), new ArrayList<>());
      assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(r.toolCalls())
          .extracting(ToolCall::name, ToolCall::arguments)
          .isEqualTo(
              whole.toolCalls().stream()
                  .map(t -> org.assertj.core.groups.Tuple.tuple(t.name(), t.arguments()))
                  .toList());
    }
  }

  // --- embeddings ---

  @Test
  void embedReturnsOneVectorPerInputInOrderWithUsage() {
    JsonNode first =
        embed.postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"chest pain\"}");
    JsonNode second =
        embed.postJson("/v1/embeddings", "{\"model\":\"" + MODEL + "\",\"input\":\"dyspnea\"}");
    try (ModelClient c = client(embed)) {
      EmbeddingResponse r =
          c.embed(
              EmbeddingRequest.builder().model(ROUTE).input("chest pain").input("dyspnea").build());
      assertThat(r.embeddings()).hasSize(2);
      assertVector(r.embeddings().get(0).vector(), first.at("/data/0/embedding"));
      assertVector(r.embeddings().get(1).vector(), second.at("/data/0/embedding"));
      assertThat(r.usage().inputTokens())
          .isEqualTo(
              first.at("/usage/prompt_tokens").asLong()
                  + second.at("/usage/prompt_tokens").asLong());
    }
  }

  private static void assertVector(float[] actual, JsonNode expected) {
    assertThat(actual).hasSize(expected.size());
    for (int i = 0; i < actual.length; i++) {
      assertThat((double) actual[i])
          .isCloseTo(expected.get(i).asDouble(), org.assertj.core.data.Offset.offset(1e-5));
    }
  }

  // --- errors ---

  @Test
  void aRequestTheServerRefusesIsInvalidRequestAndNotRetryable() {
    try (ModelClient c = client(chat)) {
      // llama-server accepts only "auto", "none" or "required" as a string tool_choice
      ChatRequest bad =
          prompt(8).toBuilder().addTool(allergies()).extra("tool_choice", "bogus").build();
      assertThatThrownBy(() -> c.chat(bad))
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(RealLlamaCppContractTest::namesProviderWithoutPromptText);
    }
  }

  @Test
  void aRefusedKeyIsAuthenticationAndNotRetryable() {
    try (LlamaServer keyed =
            LlamaServer.startReady(
                "contract-keyed", LlamaCppBuild.model(), "--alias", MODEL, "--api-key", KEY);
        ModelClient c =
            RealClients.builder(keyed, b -> b.apiKey(Secret.of("sk-wrong-key-0000")))
                .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
                .build()) {
      assertThatThrownBy(() -> c.chat(prompt(8)))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(RealLlamaCppContractTest::namesProviderWithoutPromptText);
      try (ModelClient right = RealClients.builder(keyed, b -> b.apiKey(Secret.of(KEY))).build()) {
        assertThat(right.chat(prompt(4)).usage().outputTokens()).isPositive();
      }
    }
  }

  @Test
  void aLoadingServerIsUnavailableAndRetryableForChatsAndStreams() {
    try (LoadingServer loading = LoadingServer.start("contract-loading");
        ModelClient c = client(loading.server())) {
      assertThatThrownBy(() -> c.chat(prompt(8)))
          .isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("still loading")
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue())
          .satisfies(RealLlamaCppContractTest::namesProviderWithoutPromptText);
      assertThatThrownBy(() -> streamed(c, prompt(8), new ArrayList<>()))
          .isInstanceOf(ServiceUnavailableException.class);
    }
  }

  /**
   * A server killed after the stream's first text reached the caller: the stream fails, never ends
   * as a success; it is a {@code StreamInterruptedException} (not retried: part of the answer was
   * delivered) whose cause, the dropped connection, is itself a retryable transport error. Calls
   * after that find the server down: retryable, so routing fails over.
   */
  @Test
  void aServerKilledMidStreamIsAnErrorNeverASilentSuccess() {
    try (LlamaServer doomed =
            LlamaServer.startReady(
                "contract-killed", LlamaCppBuild.model(), "--alias", MODEL, "--parallel", "1");
        ModelClient c = client(doomed)) {
      List<String> deltas = new ArrayList<>();
      assertThatThrownBy(
              () -> {
                try (ChatStream stream = c.stream(endless(LONG))) {
                  for (ChatEvent e : stream) {
                    if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
                    if (deltas.size() == 1 && doomed.alive()) doomed.kill();
                  }
                }
              })
          .isInstanceOf(StreamInterruptedException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(
              e ->
                  assertThat(e.getCause())
                      .isInstanceOf(TransportException.class)
                      .satisfies(
                          cause -> assertThat(((SwitchboardException) cause).retryable()).isTrue()))
          .satisfies(RealLlamaCppContractTest::namesProviderWithoutPromptText);
      assertThat(deltas).isNotEmpty();
      assertThatThrownBy(() -> c.chat(prompt(8)))
          .isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("not reachable")
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
    }
  }

  /**
   * A server whose only slot is busy answers nothing until it frees: the read timeout fires, typed
   * and retryable. Only a lower bound on the time is checked, which load cannot break.
   */
  @Test
  void aBusyServerTimesOutAfterTheReadTimeout() {
    try (LlamaServer busy =
            LlamaServer.startReady(
                "contract-busy", LlamaCppBuild.model(), "--alias", MODEL, "--parallel", "1");
        ModelClient holder = client(busy);
        ModelClient c =
            RealClients.builder(busy, b -> b)
                .timeouts(
                    new Timeouts(
                        Duration.ofSeconds(10), Duration.ofMillis(750), Duration.ofSeconds(60)))
                .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
                .build()) {
      try (ChatStream hold = holder.stream(endless(LONG))) {
        assertThat(hold.iterator().next()).isNotNull();
        long start = System.nanoTime();
        assertThatThrownBy(() -> c.chat(prompt(8)))
            .isInstanceOf(CallTimeoutException.class)
            .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(700L);
      }
    }
  }
}
