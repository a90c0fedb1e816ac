package dev.switchboard.chat;

/** The author of a {@link ChatMessage}. */
public enum Role {
  /** Instructions from the application. */
  SYSTEM,
  /** Instructions for reasoning models, which some providers prefer over {@link #SYSTEM}. */
  DEVELOPER,
  /** The end user's turn. */
  USER,
  /** The model's turn, possibly with tool calls. */
  ASSISTANT,
  /** The result of a tool call, answering one {@link ToolCall#id()}. */
  TOOL
}
