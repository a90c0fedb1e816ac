package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * The result of one tool call.
 *
 * @param toolCallId the {@link ToolCall#id()} this result answers
 * @param content the result, usually JSON or plain text
 */
public record ToolMessage(String toolCallId, String content) implements ChatMessage {
  public ToolMessage {
    Checks.notBlank(toolCallId, "ToolMessage.toolCallId");
    Checks.notNull(content, "ToolMessage.content");
  }

  @Override
  public Role role() {
    return Role.TOOL;
  }

  @Override
  public String text() {
    return content;
  }

  @Override
  public String toString() {
    return "ToolMessage[toolCallId=" + toolCallId + ", " + content.length() + " chars]";
  }
}
