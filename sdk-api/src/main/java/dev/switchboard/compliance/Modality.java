package dev.switchboard.compliance;

/**
 * What kind of content a call carries; a provider profile and its BAA say which are covered.
 *
 * @since 0.1
 */
public enum Modality {
  /** Chat text, tool calls and tool results. */
  TEXT,
  /** Images in chat messages. */
  IMAGE,
  /** Audio. */
  AUDIO,
  /** Texts sent for embedding. */
  EMBEDDING
}
