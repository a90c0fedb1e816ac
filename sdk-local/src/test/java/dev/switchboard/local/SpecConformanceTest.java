package dev.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.spec.SpecValidator;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;
import dev.switchboard.usage.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What the adapters send to Ollama and TGI conforms to the vendors' official OpenAPI documents, and
 * so do the stub bodies the other tests answer with.
 */
class SpecConformanceTest {
  private static final SpecValidator OLLAMA = SpecValidator.openApi31(SpecValidator.OLLAMA);
  private static final SpecValidator TGI = SpecValidator.openApi30(SpecValidator.TGI);
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";
  private static final List<ToolCall> CALLS =
      List.of(new ToolCall("call_1", "lookup_allergies", "{\"patient\":\"p-17\"}"));

  /** Every kind of message and field the SDK can send. */
  static List<ChatRequest> requests() {
    Tool tool =
        Tool.of(
            "lookup_allergies",
            "Allergies of a patient",
            "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"}},\"required\":[\"patient\"]}");
    ChatRequest full =
        ChatRequest.builder()
            .system("Summarize for the receiving clinician.")
            .developer("Be brief.")
            .user(
                ContentPart.text("What does the image show?"), ImagePart.ofBase64("image/png", PNG))
            .message(ChatMessage.assistant(null, CALLS))
            .toolResult("call_1", "{\"allergies\":[\"penicillin\"]}")
            .assistant("No known drug allergies besides penicillin.")
            .user("Summarize.")
            .temperature(0.3)
            .topP(0.9)
            .maxOutputTokens(256)
            .stop("###", "END")
            .seed(7)
            .addTool(tool)
            .toolChoice(ToolChoice.required())
            .responseFormat(
                ResponseFormat.jsonSchema(
                    "summary",
                    "{\"type\":\"object\",\"properties\":{\"s\":{\"type\":\"string\"}}}",
                    true))
            .build();
    return List.of(
        full,
        full.toBuilder()
            .toolChoice(ToolChoice.tool("lookup_allergies"))
            .responseFormat(ResponseFormat.jsonObject())
            .build(),
        ChatRequest.builder().user("Hello").build());
  }

  private static List<String> bodies(LocalFixture f, String path) {
    return f.server().findAll(anyRequestedFor(urlPathEqualTo(path))).stream()
        .map(LoggedRequest::getBodyAsString)
        .toList();
  }

  private static void drain(ChatEventSource s) {
    try (s) {
      for (ChatEvent e = s.next(); e != null; e = s.next()) {
        /* read to the end */
      }
    }
  }

  @Test
  void ollamaRequestsConformToItsSpec() {
    try (OllamaFixture f =
        new OllamaFixture(b -> b.keepAlive("10m").think("low").option("num_ctx", 8192))) {
      f.givenTextReply("ok", Usage.of(3, 1));
      f.givenEmbeddings(List.of(new float[] {0.1f}, new float[] {0.2f}), Usage.of(4, 0));
      AttemptContext ctx = AttemptContext.forModel(OllamaStubs.MODEL);
      for (ChatRequest r : requests()) {
        f.provider().chat(r.toBuilder().extra("top_k", 20).build(), ctx);
        drain(f.provider().stream(r, ctx));
      }
      f.provider()
          .embed(
              EmbeddingRequest.builder()
                  .input("chest pain")
                  .input("dyspnea")
                  .dimensions(256)
                  .build(),
              ctx);
      f.provider().discoverCapabilities(OllamaStubs.MODEL);
      List<String> chats = bodies(f, "/api/chat");
      assertThat(chats).hasSize(6);
      for (String body : chats) assertThat(OLLAMA.validate("ChatRequest", body)).as(body).isEmpty();
      for (String body : bodies(f, "/api/embed"))
        assertThat(OLLAMA.validate("EmbedRequest", body)).as(body).isEmpty();
      for (String body : bodies(f, "/api/show"))
        assertThat(OLLAMA.validate("ShowRequest", body)).as(body).isEmpty();
    }
  }

  @Test
  void ollamaStubBodiesConformToItsSpec() {
    Usage u = Usage.of(21, 7);
    assertThat(OLLAMA.validate("ChatResponse", OllamaStubs.text("Stable.", u))).isEmpty();
    assertThat(OLLAMA.validate("ChatResponse", OllamaStubs.toolCalls(CALLS, u))).isEmpty();
    for (String line : OllamaStubs.toolStream(CALLS, u).split("\n")) {
      assertThat(OLLAMA.validate("ChatStreamEvent", line)).as(line).isEmpty();
    }
    for (String line :
        OllamaStubs.textStream("Patient stable, discharge home.", u, true).split("\n")) {
      assertThat(OLLAMA.validate("ChatStreamEvent", line)).as(line).isEmpty();
    }
    assertThat(
            OLLAMA.validate(
                "EmbedResponse", OllamaStubs.embeddings(List.of(new float[] {0.5f}), u)))
        .isEmpty();
    assertThat(OLLAMA.validate("ListResponse", OllamaStubs.tags())).isEmpty();
    assertThat(OLLAMA.validate("ShowResponse", OllamaStubs.showChatModel())).isEmpty();
    assertThat(OLLAMA.validate("VersionResponse", OllamaStubs.version())).isEmpty();
    assertThat(OLLAMA.validate("ErrorResponse", OllamaStubs.error("model not found"))).isEmpty();
  }

  @Test
  void tgiRequestsConformToItsSpec() {
    try (OpenAiServerFixture f = new OpenAiServerFixture(LocalServer.TGI)) {
      f.givenTextReply("ok", Usage.of(3, 1));
      AttemptContext ctx = AttemptContext.forModel(f.model());
      for (ChatRequest r : requests()) {
        f.provider().chat(r, ctx);
        drain(f.provider().stream(r, ctx));
      }
      List<String> chats = bodies(f, "/v1/chat/completions");
      assertThat(chats).hasSize(6);
      for (String body : chats) assertThat(TGI.validate("ChatRequest", body)).as(body).isEmpty();
    }
  }

  @Test
  void tgiStubBodiesConformToItsSpec() {
    OpenAiServerStubs tgi = new OpenAiServerStubs(OpenAiServerStubs.Server.TGI);
    Usage u = Usage.of(21, 7);
    assertThat(TGI.validate("ChatCompletion", tgi.text("Stable.", u))).isEmpty();
    for (String event :
        (tgi.textStream("Patient stable.", u, true) + tgi.toolStream(CALLS, u)).split("\n\n")) {
      if (!event.startsWith("data: {")) continue;
      assertThat(TGI.validate("ChatCompletionChunk", event.substring(6))).as(event).isEmpty();
    }
    for (int status : new int[] {422, 424, 429, 500}) {
      assertThat(TGI.validate("ErrorResponse", tgi.error(status, "Input validation error")))
          .isEmpty();
    }
    assertThat(TGI.validate("ModelInfo", tgi.models())).isEmpty();
  }
}
