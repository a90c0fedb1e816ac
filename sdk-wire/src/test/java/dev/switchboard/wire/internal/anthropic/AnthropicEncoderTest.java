package dev.switchboard.wire.internal.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnthropicEncoderTest {
  private static final ErrorContext WHERE = ErrorContext.of("p", "claude");

  private static JsonNode encode(ChatRequest r, boolean stream) throws Exception {
    return WireJson.parse(
        new String(
            AnthropicEncoder.encode(r, "claude", stream, 1024, WHERE),
            java.nio.charset.StandardCharsets.UTF_8));
  }

  @Test
  void requestLimitWinsOverTheDefaultAndStreamIsOnlySentWhenStreaming() throws Exception {
    JsonNode j = encode(ChatRequest.builder().user("hi").build(), false);
    assertThat(j.path("max_tokens").asInt()).isEqualTo(1024);
    assertThat(j.has("stream")).isFalse();
    assertThat(j.has("system")).isFalse();
    JsonNode s = encode(ChatRequest.builder().user("hi").maxOutputTokens(50).build(), true);
    assertThat(s.path("max_tokens").asInt()).isEqualTo(50);
    assertThat(s.path("stream").asBoolean()).isTrue();
  }

  @Test
  void consecutiveUserTurnsMergeAndDataUrlsBecomeBase64Images() throws Exception {
    JsonNode j =
        encode(
            ChatRequest.builder()
                .user("first")
                .user(
                    ContentPart.text("second"), ImagePart.ofUrl("data:image/jpeg;base64,/9j/4AAQ"))
                .build(),
            false);
    JsonNode m = j.path("messages");
    assertThat(m).hasSize(1);
    JsonNode content = m.get(0).path("content");
    assertThat(content).hasSize(3);
    JsonNode source = content.get(2).path("source");
    assertThat(source.path("type").asText()).isEqualTo("base64");
    assertThat(source.path("media_type").asText()).isEqualTo("image/jpeg");
    assertThat(source.path("data").asText()).isEqualTo("/9j/4AAQ");
  }

  @Test
  void toolChoiceModes() throws Exception {
    Tool t = Tool.of("lookup", "", "{\"type\":\"object\"}");
    assertThat(
            encode(
                    ChatRequest.builder()
                        .user("x")
                        .addTool(t)
                        .toolChoice(ToolChoice.auto())
                        .build(),
                    false)
                .path("tool_choice")
                .path("type")
                .asText())
        .isEqualTo("auto");
    assertThat(
            encode(
                    ChatRequest.builder()
                        .user("x")
                        .addTool(t)
                        .toolChoice(ToolChoice.none())
                        .build(),
                    false)
                .path("tool_choice")
                .path("type")
                .asText())
        .isEqualTo("none");
    JsonNode named =
        encode(
            ChatRequest.builder()
                .user("x")
                .addTool(t)
                .toolChoice(ToolChoice.tool("lookup"))
                .build(),
            false);
    assertThat(named.path("tool_choice").path("type").asText()).isEqualTo("tool");
    assertThat(named.path("tool_choice").path("name").asText()).isEqualTo("lookup");
    assertThat(named.path("tools").get(0).has("description"))
        .isFalse(); // empty descriptions are left out
  }

  @Test
  void toolCallArgumentsThatAreNotAnObjectAreRefusedWithoutQuotingThem() {
    ChatRequest r =
        ChatRequest.builder()
            .user("x")
            .message(
                ChatMessage.assistant(
                    "", List.of(new ToolCall("toolu_1", "lookup", "[\"secret-mrn\"]"))))
            .toolResult("toolu_1", "A")
            .build();
    assertThatThrownBy(() -> AnthropicEncoder.encode(r, "claude", false, 1024, WHERE))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("toolu_1")
        .hasMessageNotContaining("secret-mrn");
  }
}
