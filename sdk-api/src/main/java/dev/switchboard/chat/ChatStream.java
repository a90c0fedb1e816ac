package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * A streamed chat answer: iterate its events as they arrive, then read the aggregated {@link
 * #response()}. Close it (try-with-resources) to free the connection, also when you stop early.
 * Single-consumer; iterate once.
 *
 * <pre>{@code
 * try (ChatStream stream = client.stream(request)) {
 *   for (ChatEvent event : stream) {
 *     if (event instanceof ChatEvent.TextDelta d) System.out.print(d.text());
 *   }
 *   ChatResponse whole = stream.response();
 * }
 * }</pre>
 *
 * <p>Iteration throws {@link dev.switchboard.error.SwitchboardException} if the call fails.
 *
 * @since 0.1
 */
public final class ChatStream implements Iterable<ChatEvent>, AutoCloseable {
  private final ChatEventSource source;
  private ChatResponse response;
  private ChatEvent pending;
  private boolean iterated;
  private boolean closed;

  private ChatStream(ChatEventSource source) {
    this.source = source;
  }

  /** Wraps a source of events. The stream owns the source and closes it. */
  public static ChatStream of(ChatEventSource source) {
    return new ChatStream(Checks.notNull(source, "source"));
  }

  /**
   * The events in arrival order, ending with {@link ChatEvent.Completed}. May be called once.
   *
   * @throws IllegalStateException on a second call
   */
  @Override
  public Iterator<ChatEvent> iterator() {
    if (iterated) throw new IllegalStateException("a ChatStream can be iterated only once");
    iterated = true;
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return fetch() != null;
      }

      @Override
      public ChatEvent next() {
        ChatEvent event = fetch();
        if (event == null) throw new NoSuchElementException("the stream has ended");
        pending = null;
        return event;
      }
    };
  }

  private ChatEvent fetch() {
    if (pending != null) return pending;
    if (closed || response != null) return null;
    ChatEvent event;
    try {
      event = source.next();
    } catch (RuntimeException e) {
      close();
      throw e;
    }
    if (event instanceof ChatEvent.Completed completed) {
      response = completed.response();
      close();
    } else if (event == null) {
      close();
    }
    pending = event;
    return event;
  }

  /**
   * The complete response. Reads (and discards) any events not yet iterated.
   *
   * @throws IllegalStateException if the stream was closed before it completed
   * @throws dev.switchboard.error.SwitchboardException if the call fails
   */
  public ChatResponse response() {
    while (response == null) {
      if (closed) throw new IllegalStateException("the stream was closed before it completed");
      ChatEvent event = fetch();
      pending = null;
      if (event == null && response == null) {
        throw new IllegalStateException("the stream ended without a response");
      }
    }
    return response;
  }

  /** True once the stream completed or was closed. */
  public boolean isClosed() {
    return closed;
  }

  /** Frees the connection. Idempotent. */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    source.close();
  }
}
