package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;

/**
 * Callbacks for an event source passing through a stage; see {@link EventSources#observe}. Exactly
 * one of {@link #onCompleted}, {@link #onFailed} and {@link #onClosedEarly} is called, once, so a
 * stage can settle costs or write audit records for streamed and single answers alike.
 *
 * @since 0.1
 */
public interface StreamObserver {

  /** An event passed (before it reaches the consumer). */
  default void onEvent(ChatEvent event) {}

  /** The source completed with this response. */
  default void onCompleted(ChatResponse response) {}

  /** The source failed. */
  default void onFailed(RuntimeException failure) {}

  /** The consumer closed the source before it completed. */
  default void onClosedEarly() {}
}
