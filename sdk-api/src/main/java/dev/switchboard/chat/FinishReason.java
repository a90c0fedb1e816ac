package dev.switchboard.chat;

/**
 * Why the model stopped, mapped from each provider's own values. The provider's raw value is kept
 * in {@link ChatResponse#rawFinishReason()}.
 */
public enum FinishReason {
  /** Natural end, or a stop sequence. */
  STOP,
  /** The output token limit or the context window was reached. */
  LENGTH,
  /** The model wants tools called; see {@link ChatResponse#toolCalls()}. */
  TOOL_CALLS,
  /** The provider's safety system withheld or cut the output. */
  CONTENT_FILTER,
  /** Anything else; see the raw value. */
  OTHER
}
