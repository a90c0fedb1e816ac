package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEvent;
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
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.TransportException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.foundry.internal.FoundryProvider;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Claude on Foundry: the Messages API request mapping, headers, responses, stream events and
 * errors.
 */
class AnthropicFamilyTest {
  static WireMockServer server;
  static final String MODEL = "claude-sonnet-4-5";

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
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
                    .withHeader("request-id", "req_01")
                    .withHeader("apim-request-id", "apim-2")
                    .withBody(FoundryStubs.anthropicText("Stable.", new Usage(30, 20, 5, 0)))));
  }

  private static FoundryProvider provider(String path, UnaryOperator<FoundryConfig.Builder> tweak) {
    return FoundryProvider.create(
        "claude",
        tweak
            .apply(
                FoundryConfig.builder()
                    .endpoint(URI.create(server.baseUrl() + path))
                    .api(FoundryApi.ANTHROPIC)
                    .auth(FoundryAuth.apiKey(Secret.of("key-9"), null)))
            .build());
  }

  private static void stream(String body) {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(body)));
  }

  private static LoggedRequest last() {
    List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
    return all.get(all.size() - 1);
  }

  private static ChatResponse completed(ChatEventSource s) {
    try (s) {
      ChatEvent e;
      while ((e = s.next()) != null) if (e instanceof ChatEvent.Completed c) return c.response();
      return null;
    }
  }

  @Test
  void requestMapsSystemToolsToolResultsImagesAndDefaultMaxTokens() throws Exception {
    ChatRequest r =
        ChatRequest.builder()
            .system("You are careful.")
            .developer("Answer in German.")
            .user(
                ContentPart.text("What is this?"),
                ImagePart.ofBase64("image/png", "iVBORw0KGgo="),
                ImagePart.ofUrl("https://example.org/x.jpg"))
            .message(
                ChatMessage.assistant(
                    "Let me check.",
                    List.of(
                        new ToolCall("toolu_1", "lookup", "{\"id\":7}"),
                        new ToolCall("toolu_2", "lookup", "{\"id\":8}"))))
            .toolResult("toolu_1", "A")
            .toolResult("toolu_2", "B")
            .user("And now?")
            .addTool(
                Tool.of(
                    "lookup",
                    "Look up",
                    "{\"type\":\"object\",\"properties\":{\"id\":{\"type\":\"integer\"}}}"))
            .toolChoice(ToolChoice.required())
            .stop("END")
            .temperature(0.3)
            .seed(4)
            .endUser("u-1")
            .extra("top_k", 5)
            .build();
    try (FoundryProvider p = provider("", b -> b.anthropicBeta(List.of("context-1m-2025-08-07")))) {
      ChatResponse resp = p.chat(r, AttemptContext.forModel(MODEL));
      LoggedRequest req = last();
      assertThat(req.getUrl()).isEqualTo("/anthropic/v1/messages");
      assertThat(req.getHeader("x-api-key")).isEqualTo("key-9");
      assertThat(req.getHeader("anthropic-version")).isEqualTo("2023-06-01");
      assertThat(req.getHeader("anthropic-beta")).isEqualTo("context-1m-2025-08-07");
      JsonNode j = WireJson.parse(req.getBodyAsString());
      assertThat(j.path("model").asText()).isEqualTo(MODEL);
      assertThat(j.path("max_tokens").asInt()).isEqualTo(4096);
      assertThat(j.path("system").asText()).isEqualTo("You are careful.\n\nAnswer in German.");
      JsonNode m = j.path("messages");
      assertThat(m).hasSize(3);
      assertThat(m.get(0).path("content").get(1).path("source").path("type").asText())
          .isEqualTo("base64");
      assertThat(m.get(0).path("content").get(1).path("source").path("media_type").asText())
          .isEqualTo("image/png");
      assertThat(m.get(0).path("content").get(2).path("source").path("url").asText())
          .isEqualTo("https://example.org/x.jpg");
      assertThat(m.get(1).path("content").get(1).path("input").path("id").asInt()).isEqualTo(7);
      JsonNode results = m.get(2).path("content");
      assertThat(results.get(0).path("type").asText()).isEqualTo("tool_result");
      assertThat(results.get(1).path("tool_use_id").asText()).isEqualTo("toolu_2");
      assertThat(results.get(2).path("text").asText()).isEqualTo("And now?");
      assertThat(j.path("tools").get(0).path("input_schema").path("type").asText())
          .isEqualTo("object");
      assertThat(j.path("tool_choice").path("type").asText()).isEqualTo("any");
      assertThat(j.path("stop_sequences").get(0).asText()).isEqualTo("END");
      assertThat(j.path("metadata").path("user_id").asText()).isEqualTo("u-1");
      assertThat(j.has("seed")).isFalse();
      assertThat(j.path("top_k").asInt()).isEqualTo(5);
      assertThat(resp.text()).isEqualTo("Stable.");
      assertThat(resp.usage())
          .isEqualTo(new Usage(30, 20, 5, 0)); // 10 uncached + 20 read from the cache
      assertThat(resp.requestId()).contains("apim-2");
      assertThat(resp.metadata()).containsEntry("request-id", "req_01");
    }
  }

  @Test
  void keyHeaderIsConfigurableAndEndpointsAreNormalized() {
    for (String path :
        new String[] {
          "/anthropic/v1/messages", "/anthropic/v1", "/anthropic", "/api/projects/ward-7"
        }) {
      try (FoundryProvider p =
          provider(
              path,
              b -> b.auth(FoundryAuth.apiKey(Secret.of("k"), FoundryAuth.KeyHeader.BEARER)))) {
        p.chat(ChatRequest.builder().user("hi").build(), AttemptContext.forModel(MODEL));
        assertThat(last().getUrl()).isEqualTo("/anthropic/v1/messages");
        assertThat(last().getHeader("Authorization")).isEqualTo("Bearer k");
        assertThat(last().containsHeader("x-api-key")).isFalse();
      }
    }
  }

  @Test
  void streamSplitsUsageAcrossStartAndDeltaAndNumbersToolCalls() {
    List<ToolCall> calls =
        List.of(
            new ToolCall("toolu_a", "lookup", "{\"id\":1}"),
            new ToolCall("toolu_b", "lookup", "{\"id\":2}"));
    stream(FoundryStubs.anthropicToolStream(calls, Usage.of(25, 15)));
    try (FoundryProvider p = provider("", b -> b)) {
      ChatEventSource s =
          p.stream(ChatRequest.builder().user("hi").build(), AttemptContext.forModel(MODEL));
      List<ChatEvent> events = new java.util.ArrayList<>();
      ChatEvent e;
      while ((e = s.next()) != null) events.add(e);
      List<ChatEvent.ToolCallDelta> tools =
          events.stream()
              .filter(x -> x instanceof ChatEvent.ToolCallDelta)
              .map(x -> (ChatEvent.ToolCallDelta) x)
              .toList();
      assertThat(tools.get(0).index()).isZero();
      assertThat(tools.get(0).id()).isEqualTo("toolu_a");
      assertThat(tools)
          .filteredOn(t -> t.index() == 1)
          .extracting(ChatEvent.ToolCallDelta::argumentsFragment)
          .containsExactly("", "{\"id", "\":2}");
      ChatResponse done = ((ChatEvent.Completed) events.get(events.size() - 1)).response();
      assertThat(done.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(done.rawFinishReason()).contains("tool_use");
      assertThat(done.usage()).isEqualTo(Usage.of(25, 15)); // never 1 + 15
      assertThat(done.responseId()).contains("msg_01S");
      JsonNode body =
          WireJson.parse(
              last().getBodyAsString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 0
                  ? last().getBodyAsString()
                  : "{}");
      assertThat(body.path("stream").asBoolean()).isTrue();
    } catch (Exception ex) {
      throw new AssertionError(ex);
    }
  }

  @Test
  void streamWithoutMessageStopIsAnError() {
    stream(FoundryStubs.anthropicTextStream("Patient stable", Usage.of(3, 2), false));
    try (FoundryProvider p = provider("", b -> b)) {
      ChatEventSource s =
          p.stream(ChatRequest.builder().user("hi").build(), AttemptContext.forModel(MODEL));
      assertThatThrownBy(() -> completed(s))
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("message_stop");
    }
  }

  @Test
  void overloadedErrorEventAfterHttp200IsRetryableServiceUnavailable() {
    stream(
        FoundryStubs.messageStart(Usage.of(3, 0))
            + FoundryStubs.event(
                "error",
                "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}"));
    try (FoundryProvider p = provider("", b -> b)) {
      ChatEventSource s =
          p.stream(ChatRequest.builder().user("hi").build(), AttemptContext.forModel(MODEL));
      assertThatThrownBy(() -> completed(s))
          .isInstanceOf(ServiceUnavailableException.class)
          .satisfies(ex -> assertThat(((ServiceUnavailableException) ex).retryable()).isTrue());
    }
  }

  @Test
  void refusalMapsToContentFilterAndCacheUsageCounts() {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"id\":\"msg_r\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                            + MODEL
                            + "\",\"content\":[],"
                            + "\"stop_reason\":\"refusal\",\"usage\":{\"input_tokens\":10,\"cache_creation_input_tokens\":4,"
                            + "\"cache_read_input_tokens\":6,\"output_tokens\":0}}")));
    try (FoundryProvider p = provider("", b -> b)) {
      ChatResponse r =
          p.chat(ChatRequest.builder().user("hi").build(), AttemptContext.forModel(MODEL));
      assertThat(r.finishReason()).isEqualTo(FinishReason.CONTENT_FILTER);
      assertThat(r.usage()).isEqualTo(new Usage(20, 6, 0, 0));
    }
  }

  @Test
  void unsupportedRequestsAreRefusedBeforeSending() {
    try (FoundryProvider p = provider("", b -> b)) {
      assertThatThrownBy(
              () ->
                  p.embed(
                      EmbeddingRequest.builder().input("x").build(),
                      AttemptContext.forModel(MODEL)))
          .isInstanceOf(UnsupportedCapabilityException.class);
      assertThatThrownBy(
              () ->
                  p.chat(
                      ChatRequest.builder().user("x").temperature(1.5).build(),
                      AttemptContext.forModel(MODEL)))
          .isInstanceOf(InvalidRequestException.class);
      assertThatThrownBy(
              () ->
                  p.chat(
                      ChatRequest.builder()
                          .user("x")
                          .responseFormat(ResponseFormat.jsonObject())
                          .build(),
                      AttemptContext.forModel(MODEL)))
          .isInstanceOf(UnsupportedCapabilityException.class);
      assertThat(p.capabilities(MODEL).jsonSchema()).isFalse();
      assertThat(p.capabilities(MODEL).embeddings()).isFalse();
      server.verify(0, postRequestedFor(anyUrl()));
    }
  }
}
