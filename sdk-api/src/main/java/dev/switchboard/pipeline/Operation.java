package dev.switchboard.pipeline;

/** What a call does. */
public enum Operation {
  /** A chat call answered in one piece. */
  CHAT,
  /** A streamed chat call. */
  STREAM,
  /** An embedding call. */
  EMBED;

  /** True for {@link #CHAT} and {@link #STREAM}. */
  public boolean isChat() {
    return this != EMBED;
  }
}
