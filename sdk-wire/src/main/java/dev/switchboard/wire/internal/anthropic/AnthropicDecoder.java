package dev.switchboard.wire.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an Anthropic Messages response into a neutral {@link ChatResponse} builder: text blocks
 * joined, {@code tool_use} blocks as tool calls (input serialized as the arguments string), stop
 * reasons mapped, usage with cache reads as cached input (protocols.md §1.11.5, §1.11.10).
 * Thread-safe (stateless).
 */
public final class AnthropicDecoder {
  private AnthropicDecoder() {}

  /** Decodes a whole response; the caller adds request ids and metadata. */
  public static ChatResponse.Builder decode(JsonNode root, ErrorContext where) {
    JsonNode content = root.get("content");
    if (content == null || !content.isArray())
      throw new DecodingException("the message has no content", where);
    StringBuilder text = new StringBuilder();
    List<ToolCall> calls = new ArrayList<>();
    for (JsonNode block : content) {
      String type = WireJson.text(block, "type");
      if ("text".equals(type)) {
        text.append(block.path("text").asText(""));
      } else if ("tool_use".equals(type)) {
        String id = WireJson.text(block, "id");
        String name = WireJson.text(block, "name");
        if (id == null || name == null)
          throw new DecodingException("a tool_use block has no id or name", where);
        JsonNode input = block.get("input");
        calls.add(
            new ToolCall(id, name, input == null || input.isNull() ? "{}" : input.toString()));
      } // thinking and server-tool blocks carry no neutral text
    }
    String stop = WireJson.text(root, "stop_reason");
    ChatResponse.Builder b =
        ChatResponse.builder()
            .text(text.toString())
            .toolCalls(calls)
            .finishReason(finishReason(stop), stop)
            .usage(usage(root.get("usage"), null));
    String id = WireJson.text(root, "id");
    if (id != null && !id.isEmpty()) b.responseId(id);
    String model = WireJson.text(root, "model");
    if (model != null && !model.isEmpty()) b.model(model);
    return b;
  }

  /** The neutral finish reason for a {@code stop_reason}; unknown values are OTHER. */
  public static FinishReason finishReason(String stop) {
    if (stop == null) return FinishReason.STOP;
    return switch (stop) {
      case "end_turn", "stop_sequence" -> FinishReason.STOP;
      case "max_tokens", "model_context_window_exceeded" -> FinishReason.LENGTH;
      case "tool_use" -> FinishReason.TOOL_CALLS;
      case "refusal" -> FinishReason.CONTENT_FILTER;
      default -> FinishReason.OTHER; // pause_turn and future values; the raw value is kept
    };
  }

  /**
   * Usage from a {@code usage} object: input = uncached + cache writes + cache reads; cached =
   * cache reads; reasoning = thinking tokens. Fields missing here are taken from {@code earlier} (a
   * stream's message_start), since message_delta repeats only some of them.
   */
  public static Usage usage(JsonNode u, Usage earlier) {
    if (u == null || !u.isObject()) return earlier == null ? Usage.EMPTY : earlier;
    long input =
        has(u, "input_tokens")
                || has(u, "cache_creation_input_tokens")
                || has(u, "cache_read_input_tokens")
            ? WireJson.number(u, "input_tokens")
                + WireJson.number(u, "cache_creation_input_tokens")
                + WireJson.number(u, "cache_read_input_tokens")
            : earlier == null ? 0 : earlier.inputTokens();
    long cached =
        has(u, "cache_read_input_tokens")
            ? WireJson.number(u, "cache_read_input_tokens")
            : earlier == null ? 0 : earlier.cachedInputTokens();
    long output =
        has(u, "output_tokens")
            ? WireJson.number(u, "output_tokens")
            : earlier == null ? 0 : earlier.outputTokens();
    long thinking =
        u.path("output_tokens_details").has("thinking_tokens")
            ? WireJson.number(u.path("output_tokens_details"), "thinking_tokens")
            : earlier == null ? 0 : earlier.reasoningTokens();
    return new Usage(
        Math.max(0, input), Math.max(0, cached), Math.max(0, output), Math.max(0, thinking));
  }

  private static boolean has(JsonNode u, String field) {
    JsonNode v = u.get(field);
    return v != null && !v.isNull();
  }
}
