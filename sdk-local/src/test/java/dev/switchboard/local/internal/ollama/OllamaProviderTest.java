package dev.switchboard.local.internal.ollama;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
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
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.OllamaFixture;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the Ollama adapter sends and how it reads Ollama's answers and NDJSON streams. */
class OllamaProviderTest {
  static final String CANARY = "CANARY-Jane-Roe-MRN-4417";
  static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  static final String SCHEMA =
      "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"}},\"required\":[\"summary\"]}";

  private final OllamaFixture fixture =
      new OllamaFixture(b -> b.keepAlive("30m").think(false).option("num_ctx", 4096));
  private final OllamaProvider provider = fixture.provider();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private static AttemptContext ctx() {
    return AttemptContext.forModel(OllamaStubs.MODEL);
  }

  private JsonNode lastChatBody() throws Exception {
    var requests = fixture.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat")));
    return WireJson.parse(requests.get(requests.size() - 1).getBodyAsString());
  }

  static ChatRequest conversation() {
    return ChatRequest.builder()
        .system("Summarize for the receiving clinician.")
        .developer("Answer in JSON.")
        .user(
            ContentPart.text("What does the X-ray show for " + CANARY + "?"),
            ImagePart.ofBase64("image/png", PNG),
            ImagePart.ofUrl("data:image/png;base64," + PNG))
        .message(
            ChatMessage.assistant(
                null,
                List.of(new ToolCall("call_7", "lookup_allergies", "{\"patient\":\"p-17\"}"))))
        .toolResult("call_7", "{\"allergies\":[\"penicillin\"]}")
        .temperature(0.2)
        .topP(0.9)
        .maxOutputTokens(300)
        .stop("###")
        .seed(42)
        .addTool(
            Tool.of(
                "lookup_allergies",
                "Allergies of a patient",
                "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"}},\"required\":[\"patient\"]}"))
        .responseFormat(ResponseFormat.jsonSchema("summary", SCHEMA, true))
        .extra("top_k", 40)
        .extra("num_ctx", 8192)
        .build();
  }

  @Test
  void chatSendsTheNativeShapeWithStreamFalseOptionsKeepAliveAndThink() throws Exception {
    fixture.givenTextReply("{\"summary\":\"No acute findings.\"}", Usage.of(120, 9));
    provider.chat(conversation(), ctx());
    JsonNode body = lastChatBody();
    assertThat(body.path("model").asText()).isEqualTo(OllamaStubs.MODEL);
    assertThat(body.path("stream").isBoolean()).isTrue();
    assertThat(body.path("stream").asBoolean()).isFalse();
    JsonNode m = body.path("messages");
    assertThat(m.get(0).path("role").asText()).isEqualTo("system");
    assertThat(m.get(1).path("role").asText()).isEqualTo("system");
    assertThat(m.get(2).path("images")).hasSize(2);
    assertThat(m.get(2).path("images").get(0).asText()).isEqualTo(PNG);
    assertThat(m.get(2).path("images").get(1).asText()).isEqualTo(PNG).doesNotStartWith("data:");
    JsonNode call = m.get(3).path("tool_calls").get(0);
    assertThat(call.path("function").path("arguments").isObject()).isTrue();
    assertThat(call.path("function").path("arguments").path("patient").asText()).isEqualTo("p-17");
    assertThat(m.get(4).path("role").asText()).isEqualTo("tool");
    assertThat(m.get(4).path("tool_name").asText()).isEqualTo("lookup_allergies");
    assertThat(m.get(4).path("tool_call_id").asText()).isEqualTo("call_7");
    assertThat(
            body.path("tools")
                .get(0)
                .path("function")
                .path("parameters")
                .path("required")
                .get(0)
                .asText())
        .isEqualTo("patient");
    assertThat(body.path("format").path("required").get(0).asText()).isEqualTo("summary");
    JsonNode o = body.path("options");
    assertThat(o.path("temperature").asDouble()).isEqualTo(0.2);
    assertThat(o.path("top_p").asDouble()).isEqualTo(0.9);
    assertThat(o.path("num_predict").asInt()).isEqualTo(300);
    assertThat(o.path("stop").get(0).asText()).isEqualTo("###");
    assertThat(o.path("seed").asLong()).isEqualTo(42);
    assertThat(o.path("top_k").asInt()).isEqualTo(40);
    assertThat(o.path("num_ctx").asInt())
        .as("the request's extra wins over the configured option")
        .isEqualTo(8192);
    assertThat(body.path("keep_alive").asText()).isEqualTo("30m");
    assertThat(body.path("think").isBoolean()).isTrue();
    assertThat(body.has("top_k")).isFalse();
  }

  @Test
  void chatReadsTextUsageModelAndServerTimings() {
    fixture.givenTextReply("Stable; discharge home.", Usage.of(120, 9));
    ChatResponse r = provider.chat(conversation(), ctx());
    assertThat(r.text()).isEqualTo("Stable; discharge home.");
    assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
    assertThat(r.rawFinishReason()).contains("stop");
    assertThat(r.usage()).isEqualTo(Usage.of(120, 9));
    assertThat(r.model()).isEqualTo(OllamaStubs.MODEL);
    assertThat(r.metadata())
        .containsEntry("server-time-ms", "174.560334")
        .containsEntry("load-time-ms", "101.397084")
        .containsEntry("tokens-per-second", "171.5");
    assertThat(r.serverTime())
        .contains(java.time.Duration.ofNanos(174_560_334)); // what GPU-second pricing bills
  }

  @Test
  void jsonObjectIsTheFormatStringAndToolChoiceNoneSendsNoTools() throws Exception {
    fixture.givenTextReply("{}", Usage.of(1, 1));
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .addTool(Tool.of("a", "", Tool.NO_PARAMETERS))
            .addTool(Tool.of("b", "", Tool.NO_PARAMETERS))
            .toolChoice(ToolChoice.none())
            .responseFormat(ResponseFormat.jsonObject())
            .build();
    provider.chat(r, ctx());
    assertThat(lastChatBody().path("format").asText()).isEqualTo("json");
    assertThat(lastChatBody().has("tools")).isFalse();
    provider.chat(r.toBuilder().toolChoice(ToolChoice.tool("b")).build(), ctx());
    assertThat(lastChatBody().path("tools")).hasSize(1);
    assertThat(lastChatBody().path("tools").get(0).path("function").path("name").asText())
        .isEqualTo("b");
  }

  @Test
  void toolCallsComeBackWithObjectArgumentsAsJsonTextAndIdsWhereOllamaGaveNone() {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/chat"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            "{\"model\":\"llama3.1:8b\",\"message\":{\"role\":\"assistant\","
                                + "\"content\":\"\",\"tool_calls\":[{\"function\":{\"name\":\"lookup_allergies\",\"arguments\":{\"patient\":\"p-17\","
                                + "\"include\":[\"drug\",\"food\"]}}}]},\"done\":true,\"done_reason\":\"stop\",\"prompt_eval_count\":40,\"eval_count\":20}")));
    ChatResponse r = provider.chat(conversation(), ctx());
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.toolCalls()).hasSize(1);
    ToolCall call = r.toolCalls().get(0);
    assertThat(call.id()).startsWith("call_");
    assertThat(call.name()).isEqualTo("lookup_allergies");
    assertThat(call.arguments())
        .isEqualTo("{\"patient\":\"p-17\",\"include\":[\"drug\",\"food\"]}");
  }

  @Test
  void streamAsksForAStreamAndReadsNdjsonToolCallsAndTheFinalCounts() throws Exception {
    List<ToolCall> calls =
        List.of(
            new ToolCall("call_1", "lookup_allergies", "{\"patient\":\"p-17\"}"),
            new ToolCall("call_2", "lookup_labs", "{\"patient\":\"p-17\",\"days\":3}"));
    fixture.givenToolCallReply(calls, Usage.of(40, 20));
    List<ChatEvent> events = new ArrayList<>();
    try (ChatEventSource s = provider.stream(conversation(), ctx())) {
      for (ChatEvent e = s.next(); e != null; e = s.next()) events.add(e);
    }
    assertThat(lastChatBody().path("stream").asBoolean()).isTrue();
    assertThat(events).filteredOn(e -> e instanceof ChatEvent.ToolCallDelta).hasSize(2);
    ChatEvent.ToolCallDelta second = (ChatEvent.ToolCallDelta) events.get(1);
    assertThat(second.index()).isEqualTo(1);
    assertThat(second.name()).isEqualTo("lookup_labs");
    assertThat(WireJson.parse(second.argumentsFragment()).path("days").asInt()).isEqualTo(3);
    ChatEvent.Completed done = (ChatEvent.Completed) events.get(events.size() - 1);
    assertThat(done.response().finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(done.response().usage()).isEqualTo(Usage.of(40, 20));
    assertThat(done.response().metadata()).containsKey("server-time-ms");
    assertThat(done.response().serverTime()).contains(java.time.Duration.ofNanos(174_560_334));
    assertThat(events).anyMatch(e -> e instanceof ChatEvent.UsageUpdate);
  }

  @Test
  void anErrorLineMidStreamUnderStatus200IsAnErrorThatDoesNotQuoteTheServer() {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/chat"))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-ndjson")
                        .withBody(OllamaStubs.streamWithError("Patient stable; " + CANARY))));
    List<String> text = new ArrayList<>();
    assertThatThrownBy(
            () -> {
              try (ChatEventSource s = provider.stream(conversation(), ctx())) {
                for (ChatEvent e = s.next(); e != null; e = s.next()) {
                  if (e instanceof ChatEvent.TextDelta d) text.add(d.text());
                }
              }
            })
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining("provider=ollama-test")
        .hasMessageNotContaining(CANARY)
        .hasMessageNotContaining("unexpected EOF");
    assertThat(String.join("", text)).startsWith("Patient stable;");
    assertThat(fixture.connectionsInUse()).isZero();
  }

  @Test
  void aStreamWithoutTheDoneObjectIsAnError() {
    fixture.givenStreamCutAfter("Patient stable; discharge");
    assertThatThrownBy(
            () -> {
              try (ChatEventSource s = provider.stream(conversation(), ctx())) {
                while (s.next() != null) {
                  /* drain */
                }
              }
            })
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("done:true");
  }

  @Test
  void imagesByHttpUrlAreRefusedBeforeSending() {
    ChatRequest r =
        ChatRequest.builder()
            .user(ContentPart.text("x"), ImagePart.ofUrl("https://pacs.example/img/1.png"))
            .build();
    assertThatThrownBy(() -> provider.chat(r, ctx()))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("inline")
        .hasMessageNotContaining("pacs.example");
    assertThat(fixture.server().findAll(postRequestedFor(urlPathEqualTo("/api/chat")))).isEmpty();
  }

  @Test
  void historyToolArgumentsThatAreNotAnObjectAreRefused() {
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .message(ChatMessage.assistant(null, List.of(new ToolCall("c1", "t", "[1,2]"))))
            .toolResult("c1", "ok")
            .build();
    assertThatThrownBy(() -> provider.chat(r, ctx()))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("messages[1]");
  }

  @Test
  void embedSendsTheWholeBatchAndReadsOneVectorPerInput() throws Exception {
    fixture.givenEmbeddings(
        List.of(new float[] {0.1f, 0.2f}, new float[] {0.3f, 0.4f}, new float[] {0.5f, 0.6f}),
        Usage.of(12, 0));
    EmbeddingResponse r =
        provider.embed(
            EmbeddingRequest.builder()
                .input("chest pain")
                .input("dyspnea")
                .input("syncope")
                .dimensions(2)
                .extra("truncate", false)
                .build(),
            AttemptContext.forModel("nomic-embed-text"));
    assertThat(r.embeddings()).hasSize(3);
    assertThat(r.embeddings().get(2).vector()).containsExactly(0.5f, 0.6f);
    assertThat(r.usage().inputTokens()).isEqualTo(12);
    assertThat(r.model()).isEqualTo("nomic-embed-text");
    assertThat(r.serverTime()).contains(java.time.Duration.ofNanos(14_143_917));
    JsonNode body =
        WireJson.parse(
            fixture
                .server()
                .findAll(postRequestedFor(urlPathEqualTo("/api/embed")))
                .get(0)
                .getBodyAsString());
    assertThat(body.path("input")).hasSize(3);
    assertThat(body.path("dimensions").asInt()).isEqualTo(2);
    assertThat(body.path("truncate").asBoolean(true)).isFalse();
    assertThat(body.path("keep_alive").asText()).isEqualTo("30m");
  }

  @Test
  void aModelThatIsNotPulledSaysSoAndHowToFixIt() {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/chat"))
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody(
                            OllamaStubs.error(
                                "model \"qwen2.5:7b\" not found, try pulling it first"))));
    assertThatThrownBy(() -> provider.chat(conversation(), AttemptContext.forModel("qwen2.5:7b")))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("model 'qwen2.5:7b'")
        .hasMessageContaining("Ollama server at " + fixture.server().baseUrl())
        .hasMessageContaining("ollama pull qwen2.5:7b")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }
}
