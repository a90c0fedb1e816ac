package dev.switchboard.local.internal.ollama;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Jackson records of what Ollama's native API answers (protocols.md §2, the official {@code
 * docs/openapi.yaml}): chat objects (whole or one NDJSON line each), embeddings, the model list,
 * model details and the version. Parsed leniently: unknown fields are ignored and every field may
 * be missing. Durations are nanoseconds. Records that hold model output print sizes only.
 */
public final class OllamaWire {
  private OllamaWire() {}

  /**
   * A whole {@code /api/chat} answer, or one line of its stream. The final object has {@code done:
   * true}, the reason and the counts; a line with {@code error} is a failure.
   */
  public record ChatChunk(
      String model,
      Message message,
      boolean done,
      @JsonProperty("done_reason") String doneReason,
      @JsonProperty("total_duration") Long totalDuration,
      @JsonProperty("load_duration") Long loadDuration,
      @JsonProperty("prompt_eval_count") Long promptEvalCount,
      @JsonProperty("prompt_eval_duration") Long promptEvalDuration,
      @JsonProperty("eval_count") Long evalCount,
      @JsonProperty("eval_duration") Long evalDuration,
      JsonNode error) {

    /** True if this object reports a failure ({@code {"error": "..."}}). */
    public boolean isError() {
      return error != null && !error.isNull();
    }

    @Override
    public String toString() {
      return "ChatChunk[model="
          + model
          + ", done="
          + done
          + ", doneReason="
          + doneReason
          + ", message="
          + message
          + ", error="
          + isError()
          + "]";
    }
  }

  /** The assistant's message (whole, or this line's piece of it). */
  public record Message(
      String role,
      String content,
      String thinking,
      @JsonProperty("tool_calls") List<ToolCall> toolCalls) {

    @Override
    public String toString() {
      return "Message[role="
          + role
          + ", content="
          + (content == null ? 0 : content.length())
          + " chars, toolCalls="
          + (toolCalls == null ? 0 : toolCalls.size())
          + "]";
    }
  }

  /** A tool call; newer versions add an {@code id}. Arguments are a JSON object, not a string. */
  public record ToolCall(String id, Function function) {
    @Override
    public String toString() {
      return "ToolCall[id=" + id + ", name=" + (function == null ? null : function.name()) + "]";
    }
  }

  /** The called function: its name and arguments (an object). */
  public record Function(String name, JsonNode arguments, Integer index) {
    @Override
    public String toString() {
      return "Function[name=" + name + ", index=" + index + "]";
    }
  }

  /** The {@code /api/embed} answer: one vector per input. */
  public record EmbedResponse(
      String model,
      List<float[]> embeddings,
      @JsonProperty("prompt_eval_count") Long promptEvalCount,
      @JsonProperty("total_duration") Long totalDuration,
      @JsonProperty("load_duration") Long loadDuration) {

    @Override
    public String toString() {
      return "EmbedResponse[model="
          + model
          + ", vectors="
          + (embeddings == null ? 0 : embeddings.size())
          + "]";
    }
  }

  /** The {@code /api/tags} answer: the models pulled on this server. */
  public record Tags(List<TagEntry> models) {}

  /** One pulled model. */
  public record TagEntry(String name, String model, Long size, Details details) {}

  /** A model's family, parameter size and quantization. */
  public record Details(
      String format,
      String family,
      @JsonProperty("parameter_size") String parameterSize,
      @JsonProperty("quantization_level") String quantizationLevel) {}

  /**
   * The {@code /api/show} answer: capabilities ({@code completion}, {@code tools}, {@code vision},
   * {@code embedding}, {@code thinking}) and architecture facts, among them {@code
   * <architecture>.context_length}.
   */
  public record Show(
      List<String> capabilities, @JsonProperty("model_info") JsonNode modelInfo, Details details) {}

  /** The {@code /api/version} answer. */
  public record Version(String version) {}
}
