package org.example.hospital;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.Tool;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.testkit.server.Fault;
import dev.switchboard.testkit.server.ReceivedRequest;
import dev.switchboard.testkit.server.Vendor;
import dev.switchboard.testkit.server.VendorServer;
import dev.switchboard.testkit.server.VendorServerExtension;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The testkit's vendor stub servers used as an application's test would use them: from a package
 * outside the SDK's, through the real adapters over loopback HTTP.
 */
class VendorStubServersTest {
  @RegisterExtension final VendorServerExtension ollama = VendorServerExtension.of(Vendor.OLLAMA);

  private static final Tool LOOKUP =
      Tool.of(
          "lookup_lab",
          "Looks up a lab value",
          "{\"type\":\"object\",\"properties\":{\"test\":{\"type\":\"string\"}},\"required\":[\"test\"]}");

  @Test
  void theExtensionHandsTheTestAClientAndRecordsWhatLeftTheProcess() {
    ollama.server().answer("Stable; discharge home.");
    ChatResponse r =
        ollama
            .client()
            .chat(
                ChatRequest.builder()
                    .system("Summarize for the receiving clinician.")
                    .user("Patient stable after CAP treatment.")
                    .build());
    assertThat(r.text()).isEqualTo("Stable; discharge home.");
    assertThat(r.provider()).isEqualTo("stub");
    ReceivedRequest sent = ollama.lastRequest();
    assertThat(sent.path()).isEqualTo("/api/chat");
    assertThat(sent.json("/model")).contains("llama3.1:8b");
    assertThat(sent.messageTexts())
        .containsExactly(
            "Summarize for the receiving clinician.", "Patient stable after CAP treatment.");
  }

  @Test
  void eachTestStartsWithAFreshServer() {
    assertThat(ollama.requests()).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void everyVendorAnswersWholeAndStreamedWithUsage(Vendor vendor) {
    try (VendorServer server = VendorServer.start(vendor);
        ModelClient client = server.client()) {
      server.answer("Afebrile 48h; safe for discharge.");
      ChatResponse whole = client.chat("Summarize: afebrile.");
      assertThat(whole.text()).isEqualTo("Afebrile 48h; safe for discharge.");
      assertThat(whole.usage().inputTokens()).isEqualTo(VendorServer.USAGE.inputTokens());
      assertThat(whole.provider()).isEqualTo("stub");

      StringBuilder text = new StringBuilder();
      try (ChatStream s = client.stream(ChatRequest.builder().user("Summarize.").build())) {
        for (ChatEvent e : s) if (e instanceof ChatEvent.TextDelta d) text.append(d.text());
        assertThat(s.response().finishReason()).isEqualTo(FinishReason.STOP);
      }
      assertThat(text.toString()).isEqualTo("Afebrile 48h; safe for discharge.");
      assertThat(server.chatRequests()).hasSize(2);
      assertThat(server.chatRequests().get(1).streamed()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void everyVendorCallsToolsThenAnswers(Vendor vendor) {
    try (VendorServer server = VendorServer.start(vendor);
        ModelClient client = server.client()) {
      server.toolCallNext("lookup_lab", "{\"test\":\"potassium\"}");
      ChatRequest ask =
          ChatRequest.builder().user("What is the potassium?").tools(List.of(LOOKUP)).build();
      ChatResponse call = client.chat(ask);
      assertThat(call.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(call.toolCalls()).hasSize(1);
      assertThat(call.toolCalls().get(0).name()).isEqualTo("lookup_lab");
      assertThat(call.toolCalls().get(0).arguments()).contains("potassium");
      assertThat(server.lastRequest().body()).contains("lookup_lab");

      ChatResponse answer = client.chat(ask);
      assertThat(answer.text()).isEqualTo(VendorServer.DEFAULT_ANSWER);
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = Vendor.class,
      names = {"FOUNDRY_CLAUDE", "TGI"},
      mode = EnumSource.Mode.EXCLUDE)
  void everyVendorThatEmbedsReturnsOneVectorPerInput(Vendor vendor) {
    try (VendorServer server = VendorServer.start(vendor);
        ModelClient client = server.client()) {
      EmbeddingResponse r =
          client.embed(
              EmbeddingRequest.builder()
                  .model("embeddings")
                  .inputs(List.of("chest pain", "dyspnea", "syncope"))
                  .build());
      assertThat(r.embeddings()).hasSize(3);
      assertThat(r.embeddings().get(0).dimensions()).isEqualTo(8);
    }
  }

  @ParameterizedTest
  @EnumSource(Vendor.class)
  void faultsAreRetriedOrRefusedAsTheirClassSays(Vendor vendor) {
    try (VendorServer server = VendorServer.start(vendor);
        ModelClient client = server.client()) {
      server.failNext(Fault.UNAVAILABLE);
      assertThat(client.chat("hello").attempts()).as("503, then the answer").isEqualTo(2);

      int before = server.chatRequests().size();
      server.failNext(Fault.CONNECTION_RESET);
      assertThat(client.chat("hello").text()).isEqualTo(VendorServer.DEFAULT_ANSWER);
      assertThat(server.chatRequests()).as("reset, then sent again").hasSize(before + 2);

      server.failNext(Fault.UNAUTHORIZED);
      assertThatThrownBy(() -> client.chat("hello"))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());

      server.failNext(Fault.MALFORMED_BODY).failNext(Fault.MALFORMED_BODY);
      assertThatThrownBy(() -> client.chat("hello")).isInstanceOf(SwitchboardException.class);
    }
  }
}
