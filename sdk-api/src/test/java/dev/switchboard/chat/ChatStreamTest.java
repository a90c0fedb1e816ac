package dev.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.TransportException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamTest {

  /** A source over fixed events that records whether it was closed. */
  static final class ListSource implements ChatEventSource {
    final List<ChatEvent> events;
    int next;
    boolean closed;
    RuntimeException failAt;
    int failIndex = -1;

    ListSource(ChatEvent... events) {
      this.events = List.of(events);
    }

    @Override
    public ChatEvent next() {
      if (next == failIndex) throw failAt;
      return next < events.size() ? events.get(next++) : null;
    }

    @Override
    public void close() {
      closed = true;
    }
  }

  private static ChatResponse done(String text) {
    return ChatResponse.builder().text(text).provider("p").model("m").build();
  }

  @Test
  void iteratesEventsThenGivesTheResponse() {
    ListSource source =
        new ListSource(
            new ChatEvent.TextDelta("a"),
            new ChatEvent.TextDelta("b"),
            new ChatEvent.Completed(done("ab")));
    List<ChatEvent> seen = new ArrayList<>();
    try (ChatStream stream = ChatStream.of(source)) {
      for (ChatEvent e : stream) seen.add(e);
      assertThat(stream.response().text()).isEqualTo("ab");
    }
    assertThat(seen).hasSize(3).last().isInstanceOf(ChatEvent.Completed.class);
    assertThat(source.closed).isTrue();
  }

  @Test
  void responseReadsTheRestWhenNotIterated() {
    ListSource source =
        new ListSource(new ChatEvent.TextDelta("a"), new ChatEvent.Completed(done("a")));
    try (ChatStream stream = ChatStream.of(source)) {
      assertThat(stream.response().text()).isEqualTo("a");
    }
  }

  @Test
  void closingEarlyClosesTheSourceAndResponseThenFails() {
    ListSource source =
        new ListSource(
            new ChatEvent.TextDelta("a"),
            new ChatEvent.TextDelta("b"),
            new ChatEvent.Completed(done("ab")));
    ChatStream stream = ChatStream.of(source);
    Iterator<ChatEvent> it = stream.iterator();
    assertThat(it.next()).isEqualTo(new ChatEvent.TextDelta("a"));
    stream.close();
    assertThat(source.closed).isTrue();
    assertThat(it.hasNext()).isFalse();
    assertThatThrownBy(stream::response).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aFailureSurfacesOnTheCallersThreadAndClosesTheSource() {
    ListSource source =
        new ListSource(new ChatEvent.TextDelta("a"), new ChatEvent.Completed(done("a")));
    source.failIndex = 1;
    source.failAt = new TransportException("reset", ErrorContext.NONE, null);
    ChatStream stream = ChatStream.of(source);
    Iterator<ChatEvent> it = stream.iterator();
    it.next();
    assertThatThrownBy(it::hasNext).isInstanceOf(TransportException.class);
    assertThat(source.closed).isTrue();
  }

  @Test
  void canBeIteratedOnlyOnce() {
    ChatStream stream = ChatStream.of(new ListSource(new ChatEvent.Completed(done(""))));
    stream.iterator();
    assertThatThrownBy(stream::iterator).isInstanceOf(IllegalStateException.class);
  }
}
