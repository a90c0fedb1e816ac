package dev.switchboard.wire.internal.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import org.junit.jupiter.api.Test;

class AnthropicDecoderTest {
  private static final ErrorContext WHERE = ErrorContext.of("p", "claude");

  @Test
  void joinsTextBlocksSkipsThinkingAndReadsToolUse() throws Exception {
    String body =
        "{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\",\"stop_reason\":\"tool_use\",\"content\":["
            + "{\"type\":\"thinking\",\"thinking\":\"hmm\",\"signature\":\"s\"},"
            + "{\"type\":\"text\",\"text\":\"Checking \"},{\"type\":\"text\",\"text\":\"the chart.\"},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"lookup\",\"input\":{\"id\":7}},"
            + "{\"type\":\"tool_use\",\"id\":\"toolu_2\",\"name\":\"now\",\"input\":null}],"
            + "\"usage\":{\"input_tokens\":5,\"output_tokens\":9,\"output_tokens_details\":{\"thinking_tokens\":3}}}";
    ChatResponse r = AnthropicDecoder.decode(WireJson.parse(body), WHERE).build();
    assertThat(r.text()).isEqualTo("Checking the chart.");
    assertThat(r.toolCalls())
        .containsExactly(
            new ToolCall("toolu_1", "lookup", "{\"id\":7}"), new ToolCall("toolu_2", "now", "{}"));
    assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
    assertThat(r.rawFinishReason()).contains("tool_use");
    assertThat(r.usage()).isEqualTo(new Usage(5, 0, 9, 3));
    assertThat(r.responseId()).contains("msg_1");
    assertThat(r.model()).isEqualTo("claude-sonnet-4-5");
  }

  @Test
  void aMessageWithoutContentOrAToolUseWithoutNameIsADecodingError() {
    assertThatThrownBy(
            () -> AnthropicDecoder.decode(WireJson.parse("{\"stop_reason\":\"end_turn\"}"), WHERE))
        .isInstanceOf(DecodingException.class);
    assertThatThrownBy(
            () ->
                AnthropicDecoder.decode(
                    WireJson.parse(
                        "{\"content\":[{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"input\":{}}]}"),
                    WHERE))
        .isInstanceOf(DecodingException.class);
  }

  @Test
  void stopReasonsMapToNeutralFinishReasons() {
    assertThat(AnthropicDecoder.finishReason(null)).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicDecoder.finishReason("end_turn")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicDecoder.finishReason("stop_sequence")).isEqualTo(FinishReason.STOP);
    assertThat(AnthropicDecoder.finishReason("max_tokens")).isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicDecoder.finishReason("model_context_window_exceeded"))
        .isEqualTo(FinishReason.LENGTH);
    assertThat(AnthropicDecoder.finishReason("refusal")).isEqualTo(FinishReason.CONTENT_FILTER);
    assertThat(AnthropicDecoder.finishReason("pause_turn")).isEqualTo(FinishReason.OTHER);
  }

  @Test
  void usageFieldsMissingFromADeltaComeFromTheStart() throws Exception {
    Usage start =
        AnthropicDecoder.usage(
            WireJson.parse(
                "{\"input_tokens\":10,\"cache_creation_input_tokens\":4,\"cache_read_input_tokens\":6,\"output_tokens\":1}"),
            null);
    assertThat(start).isEqualTo(new Usage(20, 6, 1, 0));
    assertThat(AnthropicDecoder.usage(WireJson.parse("{\"output_tokens\":15}"), start))
        .isEqualTo(new Usage(20, 6, 15, 0));
    assertThat(AnthropicDecoder.usage(null, start)).isSameAs(start);
    assertThat(AnthropicDecoder.usage(null, null)).isEqualTo(Usage.EMPTY);
  }
}
