package dev.switchboard.internal.pipeline;

import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.SystemMessage;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.pipeline.AttributeKey;
import dev.switchboard.pipeline.Call;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.SchemaMode;
import java.util.ArrayList;
import java.util.List;

/**
 * Shapes one attempt of a typed-answer call for its target's {@link SchemaMode}, and the answer
 * back into JSON text. Only calls marked with {@link #STRUCTURED} are shaped: a plain request with
 * a JSON-schema format still needs a target with a schema mode, so no caller loses the server's
 * guarantee without asking for validation.
 */
public final class StructuredAttempts {
  /** Marks a call made for a typed answer (the client sets it; the answer is validated). */
  public static final AttributeKey<Boolean> STRUCTURED =
      AttributeKey.of("switchboard.structured", Boolean.class);

  /** The instructions of {@link SchemaMode#PROMPT}, followed by the schema. */
  static final String PROMPT_INSTRUCTIONS =
      "Answer with one JSON object and nothing else: no prose, no code fences. The object must be"
          + " valid against this JSON Schema:\n";

  private StructuredAttempts() {}

  /** True if the call asks for a typed answer. */
  public static boolean isStructured(Call call) {
    return call.operation().isChat()
        && call.chatRequest().responseFormat().kind() == ResponseFormat.Kind.JSON_SCHEMA
        && call.attributes().get(STRUCTURED).orElse(Boolean.FALSE);
  }

  /** The request to send to a target of the given mode. */
  static ChatRequest shape(ChatRequest r, SchemaMode mode, ProviderCapabilities caps) {
    ResponseFormat f = r.responseFormat();
    switch (mode) {
      case FORCED_TOOL:
        return r.toBuilder()
            .responseFormat(ResponseFormat.text())
            .addTool(
                new Tool(
                    f.name(),
                    "Give your answer as this tool's input; it is the only way to answer.",
                    f.schema(),
                    false))
            .toolChoice(ToolChoice.tool(f.name()))
            .build();
      case PROMPT:
        return r.toBuilder()
            .responseFormat(caps.jsonObject() ? ResponseFormat.jsonObject() : ResponseFormat.text())
            .messages(withInstructions(r.messages(), PROMPT_INSTRUCTIONS + f.schema()))
            .build();
      case NATIVE:
      default:
        return r;
    }
  }

  /**
   * The system instructions joined to the first system message, or put first: some chat templates
   * (llama.cpp's among them) refuse a second system message or one that is not first.
   */
  private static List<ChatMessage> withInstructions(List<ChatMessage> messages, String text) {
    List<ChatMessage> out = new ArrayList<>(messages.size() + 1);
    if (!messages.isEmpty() && messages.get(0) instanceof SystemMessage s) {
      out.add(new SystemMessage(s.text() + "\n\n" + text));
      out.addAll(messages.subList(1, messages.size()));
    } else {
      out.add(new SystemMessage(text));
      out.addAll(messages);
    }
    return out;
  }

  /** The answer with its JSON in {@code text()}: a forced tool's arguments become the text. */
  static ChatResponse unshape(ChatResponse r, SchemaMode mode, String toolName) {
    if (mode != SchemaMode.FORCED_TOOL) return r;
    for (ToolCall c : r.toolCalls()) {
      if (c.name().equals(toolName)) {
        return r.toBuilder()
            .text(c.arguments())
            .toolCalls(List.of())
            .finishReason(FinishReason.STOP, r.rawFinishReason().orElse(null))
            .build();
      }
    }
    return r; // no call of the tool: the text is validated and fails, naming what is missing
  }
}
