package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The model's turn, sent back as conversation history.
 *
 * @param text the text, or null when the turn only called tools
 * @param toolCalls the tools the model called, possibly empty
 */
public record AssistantMessage(@Nullable String text, List<ToolCall> toolCalls)
    implements ChatMessage {
  public AssistantMessage {
    toolCalls = Checks.listCopy(toolCalls, "AssistantMessage.toolCalls");
    Checks.check(
        text != null || !toolCalls.isEmpty(),
        "AssistantMessage",
        "needs text or at least one tool call");
  }

  @Override
  public Role role() {
    return Role.ASSISTANT;
  }

  @Override
  public String text() {
    return text == null ? "" : text;
  }

  @Override
  public String toString() {
    return "AssistantMessage["
        + Checks.length(text)
        + " chars, toolCalls="
        + toolCalls.size()
        + "]";
  }
}
