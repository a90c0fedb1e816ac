package dev.switchboard.wire.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.SafetyResult;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an OpenAI chat-completions response (and the dialects' variants: Azure content-filter
 * results, Model Inference's shape) into a neutral {@link ChatResponse} builder; the caller adds
 * request ids and header metadata. Thread-safe (stateless).
 */
public final class ChatDecoder {
  private ChatDecoder() {}

  /**
   * Decodes a whole response.
   *
   * @throws DecodingException if the body has no usable choice
   */
  public static ChatResponse.Builder decode(JsonNode root, ErrorContext where) {
    JsonNode choices = root.get("choices");
    if (choices == null || !choices.isArray() || choices.isEmpty()) {
      throw new DecodingException("the response has no choices", where);
    }
    JsonNode choice = choices.get(0);
    JsonNode message = choice.path("message");
    ChatResponse.Builder b = ChatResponse.builder();
    String content = WireJson.text(message, "content");
    b.text(content == null ? "" : content);
    b.toolCalls(toolCalls(message.get("tool_calls"), where));
    String finish = WireJson.text(choice, "finish_reason");
    b.finishReason(finishReason(finish), finish);
    b.usage(usage(root.get("usage")));
    String id = WireJson.text(root, "id");
    if (id != null && !id.isEmpty()) b.responseId(id);
    String model = WireJson.text(root, "model");
    if (model != null && !model.isEmpty()) b.model(model);
    List<SafetyResult.Category> safety = new ArrayList<>(ContentFilters.promptCategories(root));
    safety.addAll(ContentFilters.completionCategories(choice));
    if (!safety.isEmpty()) b.safety(new SafetyResult(safety));
    return b;
  }

  /**
   * The neutral finish reason for a dialect's value; unknown values are OTHER (the raw value is
   * kept).
   */
  public static FinishReason finishReason(String raw) {
    if (raw == null) return FinishReason.STOP;
    switch (raw) {
      case "stop":
      case "eos_token": // TGI
      case "stop_sequence": // TGI, when a stop sequence ended the answer
        return FinishReason.STOP;
      case "length":
      case "model_length":
        return FinishReason.LENGTH;
      case "tool_calls":
      case "function_call":
        return FinishReason.TOOL_CALLS;
      case "content_filter":
        return FinishReason.CONTENT_FILTER;
      default:
        return FinishReason.OTHER;
    }
  }

  /** Usage with cached and reasoning tokens; empty when absent. */
  public static Usage usage(JsonNode u) {
    if (u == null || !u.isObject()) return Usage.EMPTY;
    long cached = WireJson.number(u.path("prompt_tokens_details"), "cached_tokens");
    long reasoning = WireJson.number(u.path("completion_tokens_details"), "reasoning_tokens");
    return new Usage(
        Math.max(0, WireJson.number(u, "prompt_tokens")),
        Math.max(0, cached),
        Math.max(0, WireJson.number(u, "completion_tokens")),
        Math.max(0, reasoning));
  }

  private static List<ToolCall> toolCalls(JsonNode calls, ErrorContext where) {
    if (calls == null || !calls.isArray() || calls.isEmpty()) return List.of();
    List<ToolCall> out = new ArrayList<>(calls.size());
    for (JsonNode c : calls) {
      JsonNode fn = c.path("function");
      String id = WireJson.text(c, "id");
      String name = WireJson.text(fn, "name");
      if (id == null || id.isEmpty() || name == null || name.isEmpty()) {
        throw new DecodingException("a tool call in the response has no id or name", where);
      }
      JsonNode args = fn.get("arguments");
      // OpenAI sends a JSON string; some servers send the object itself
      String arguments =
          args == null || args.isNull() ? "{}" : args.isTextual() ? args.asText() : args.toString();
      out.add(new ToolCall(id, name, arguments.isEmpty() ? "{}" : arguments));
    }
    return out;
  }
}
