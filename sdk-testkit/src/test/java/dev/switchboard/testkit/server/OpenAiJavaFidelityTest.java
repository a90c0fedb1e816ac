package dev.switchboard.testkit.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import java.time.Duration;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The official openai-java client, pointed at the Foundry v1 stub, reads its answers: whole, as a
 * stream, as a tool call and as embeddings. The stubs speak the real wire format, not only what
 * Switchboard's own decoder accepts.
 */
class OpenAiJavaFidelityTest {
  private VendorServer foundry;
  private OpenAIClient openai;

  @BeforeEach
  void start() {
    foundry = VendorServer.start(Vendor.FOUNDRY_OPENAI_V1);
    openai =
        OpenAIOkHttpClient.builder()
            .baseUrl(foundry.baseUrl() + "/openai/v1")
            .apiKey("stub-test-key")
            .maxRetries(0)
            .timeout(Duration.ofSeconds(30))
            .build();
  }

  @AfterEach
  void stop() {
    openai.close();
    foundry.close();
  }

  private static ChatCompletionCreateParams ask(String text) {
    return ChatCompletionCreateParams.builder()
        .model(Vendor.FOUNDRY_OPENAI_V1.chatModel())
        .addUserMessage(text)
        .build();
  }

  @Test
  void theOfficialClientReadsAWholeAnswerWithUsage() {
    foundry.answer("Stable; discharge home.");
    ChatCompletion c = openai.chat().completions().create(ask("Summarize: stable."));
    assertThat(c.choices()).hasSize(1);
    assertThat(c.choices().get(0).message().content()).contains("Stable; discharge home.");
    assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(VendorServer.USAGE.inputTokens());
    assertThat(c.usage().orElseThrow().completionTokens())
        .isEqualTo(VendorServer.USAGE.outputTokens());
    // What the vendor received is what the official client sends.
    ReceivedRequest sent = foundry.lastRequest();
    assertThat(sent.path()).isEqualTo("/openai/v1/chat/completions");
    assertThat(sent.json("/model")).contains(Vendor.FOUNDRY_OPENAI_V1.chatModel());
    assertThat(sent.messageTexts()).containsExactly("Summarize: stable.");
  }

  @Test
  void theOfficialClientReadsAStreamedAnswer() {
    foundry.answer("Stable; discharge home.");
    try (StreamResponse<ChatCompletionChunk> stream =
        openai.chat().completions().createStreaming(ask("Summarize: stable."))) {
      String text =
          stream.stream()
              .flatMap(chunk -> chunk.choices().stream())
              .map(choice -> choice.delta().content().orElse(""))
              .collect(Collectors.joining());
      assertThat(text).isEqualTo("Stable; discharge home.");
    }
    assertThat(foundry.lastRequest().streamed()).isTrue();
  }

  @Test
  void theOfficialClientReadsAToolCall() {
    foundry.toolCallNext("lookup_patient", "{\"mrn\":\"12345\"}");
    ChatCompletion c = openai.chat().completions().create(ask("Who is in bed 4?"));
    ChatCompletionMessageFunctionToolCall call =
        c.choices().get(0).message().toolCalls().orElseThrow().get(0).function().orElseThrow();
    assertThat(call.function().name()).isEqualTo("lookup_patient");
    assertThat(call.function().arguments()).isEqualTo("{\"mrn\":\"12345\"}");
  }

  @Test
  void theOfficialClientReadsEmbeddings() {
    CreateEmbeddingResponse r =
        openai
            .embeddings()
            .create(
                EmbeddingCreateParams.builder()
                    .model(Vendor.FOUNDRY_OPENAI_V1.embeddingModel().orElseThrow())
                    .input("chest pain")
                    .build());
    assertThat(r.data()).hasSize(1);
    assertThat(r.data().get(0).embedding()).hasSize(8);
    assertThat(r.usage().promptTokens()).isEqualTo(4);
    // The official client sends one input as a bare string, which the stub answers too.
    ReceivedRequest sent = foundry.requests().get(foundry.requests().size() - 1);
    assertThat(sent.path()).isEqualTo("/openai/v1/embeddings");
    assertThat(sent.json("/input")).contains("chest pain");
  }
}
