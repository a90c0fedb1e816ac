package dev.switchboard.pipeline;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.spi.Checks;
import java.util.function.UnaryOperator;

/**
 * Building blocks for stages that handle {@link ChatEventSource}s.
 *
 * @since 0.1
 */
public final class EventSources {
  private EventSources() {}

  /** A source of one {@link ChatEvent.Completed} event: a non-streamed answer. */
  public static ChatEventSource of(ChatResponse response) {
    Checks.notNull(response, "response");
    return new ChatEventSource() {
      private boolean done;

      @Override
      public ChatEvent next() {
        if (done) return null;
        done = true;
        return new ChatEvent.Completed(response);
      }

      @Override
      public void close() {
        done = true;
      }
    };
  }

  /**
   * A source over fixed events (for test doubles and replays). It must end with a {@link
   * ChatEvent.Completed} event to complete; otherwise it reads as a cut stream.
   */
  public static ChatEventSource of(java.util.List<ChatEvent> events) {
    java.util.List<ChatEvent> copy = java.util.List.copyOf(events);
    return new ChatEventSource() {
      private int next;

      @Override
      public ChatEvent next() {
        return next < copy.size() ? copy.get(next++) : null;
      }

      @Override
      public void close() {
        next = copy.size();
      }
    };
  }

  /** A source that yields {@code first} and then the rest of {@code source}. */
  public static ChatEventSource prepend(ChatEvent first, ChatEventSource source) {
    if (first == null) return source;
    return new ChatEventSource() {
      private ChatEvent head = first;

      @Override
      public ChatEvent next() {
        if (head != null) {
          ChatEvent e = head;
          head = null;
          return e;
        }
        return source.next();
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  /** A source whose events pass through {@code mapper} (which must not return null). */
  public static ChatEventSource map(ChatEventSource source, UnaryOperator<ChatEvent> mapper) {
    return new ChatEventSource() {
      @Override
      public ChatEvent next() {
        ChatEvent e = source.next();
        return e == null ? null : mapper.apply(e);
      }

      @Override
      public void close() {
        source.close();
      }
    };
  }

  /** A source whose {@code Completed} response passes through {@code mapper}. */
  public static ChatEventSource mapResponse(
      ChatEventSource source, UnaryOperator<ChatResponse> mapper) {
    return map(
        source,
        e ->
            e instanceof ChatEvent.Completed c
                ? new ChatEvent.Completed(mapper.apply(c.response()))
                : e);
  }

  /** A source that reports its events and its end to {@code observer}. */
  public static ChatEventSource observe(ChatEventSource source, StreamObserver observer) {
    return new ObservedSource(source, observer);
  }

  /**
   * Reads the source to its end and returns the completed response; always closes it.
   *
   * @throws DecodingException if the source ends without completing
   */
  public static ChatResponse drain(ChatEventSource source) {
    try (source) {
      ChatEvent e;
      while ((e = source.next()) != null) {
        if (e instanceof ChatEvent.Completed c) return c.response();
      }
      throw new DecodingException("the answer ended without completing", ErrorContext.NONE);
    }
  }

  private static final class ObservedSource implements ChatEventSource {
    private final ChatEventSource source;
    private final StreamObserver observer;
    private boolean ended;

    ObservedSource(ChatEventSource source, StreamObserver observer) {
      this.source = source;
      this.observer = observer;
    }

    @Override
    public ChatEvent next() {
      if (ended) return null;
      ChatEvent e;
      try {
        e = source.next();
      } catch (RuntimeException failure) {
        ended = true;
        observer.onFailed(failure);
        throw failure;
      }
      if (e == null) {
        ended = true;
        RuntimeException cut =
            new DecodingException("the answer ended without completing", ErrorContext.NONE);
        observer.onFailed(cut);
        throw cut;
      }
      observer.onEvent(e);
      if (e instanceof ChatEvent.Completed c) {
        ended = true;
        observer.onCompleted(c.response());
      }
      return e;
    }

    @Override
    public void close() {
      try {
        source.close();
      } finally {
        if (!ended) {
          ended = true;
          observer.onClosedEarly();
        }
      }
    }
  }
}
