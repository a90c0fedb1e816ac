package dev.switchboard.chat;

import java.util.List;

/**
 * One message of a conversation. Each role has its own record, so a user message cannot carry tool
 * calls and a tool message cannot lack the id of the call it answers.
 *
 * <pre>{@code
 * List<ChatMessage> conversation = List.of(
 *     ChatMessage.system("Summarize for the receiving clinician."),
 *     ChatMessage.user(noteText));
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface ChatMessage
    permits SystemMessage, DeveloperMessage, UserMessage, AssistantMessage, ToolMessage {

  /** This message's role. */
  Role role();

  /** The message's text: all text parts joined, or empty if it has none. */
  String text();

  /** A system message. */
  static SystemMessage system(String text) {
    return new SystemMessage(text);
  }

  /** A developer message (instructions for reasoning models). */
  static DeveloperMessage developer(String text) {
    return new DeveloperMessage(text);
  }

  /** A user message of plain text. */
  static UserMessage user(String text) {
    return new UserMessage(List.of(new TextPart(text)));
  }

  /** A user message of text and image parts. */
  static UserMessage user(ContentPart... parts) {
    return new UserMessage(List.of(parts));
  }

  /** An assistant message of plain text. */
  static AssistantMessage assistant(String text) {
    return new AssistantMessage(text, List.of());
  }

  /** An assistant message that called tools, with optional text (may be null). */
  static AssistantMessage assistant(String text, List<ToolCall> toolCalls) {
    return new AssistantMessage(text, toolCalls);
  }

  /** The result of the tool call with the given id. */
  static ToolMessage tool(String toolCallId, String content) {
    return new ToolMessage(toolCallId, content);
  }
}
