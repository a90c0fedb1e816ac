package dev.switchboard.chat;

/**
 * A pull-based source of chat events: what providers return from {@code stream} and what
 * interceptors pass along the pipeline. Single-consumer; not thread-safe.
 *
 * <p>A source yields zero or more deltas and then exactly one {@link ChatEvent.Completed}; after
 * that {@link #next()} returns null. A source that ends without {@code Completed} was cut and
 * {@link #next()} throws instead.
 *
 * @since 0.1
 */
public interface ChatEventSource extends AutoCloseable {

  /**
   * Blocks for the next event.
   *
   * @return the next event, or null after {@link ChatEvent.Completed}
   * @throws dev.switchboard.error.SwitchboardException if the call failed or the stream broke
   */
  ChatEvent next();

  /** Stops the stream and frees its connection. Idempotent; never throws. */
  @Override
  void close();
}
