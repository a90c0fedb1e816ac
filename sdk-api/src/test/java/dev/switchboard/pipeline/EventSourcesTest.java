package dev.switchboard.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.TransportException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventSourcesTest {
  private final List<String> calls = new ArrayList<>();
  private final StreamObserver observer =
      new StreamObserver() {
        @Override
        public void onEvent(ChatEvent event) {
          calls.add("event");
        }

        @Override
        public void onCompleted(ChatResponse response) {
          calls.add("completed");
        }

        @Override
        public void onFailed(RuntimeException failure) {
          calls.add("failed");
        }

        @Override
        public void onClosedEarly() {
          calls.add("closedEarly");
        }
      };

  private static ChatResponse response() {
    return ChatResponse.builder().text("ok").build();
  }

  @Test
  void aSingleAnswerIsOneCompletedEvent() {
    ChatEventSource s = EventSources.of(response());
    assertThat(s.next()).isInstanceOf(ChatEvent.Completed.class);
    assertThat(s.next()).isNull();
  }

  @Test
  void observerSeesCompletionOnceEvenIfClosedAfterwards() {
    ChatEventSource s = EventSources.observe(EventSources.of(response()), observer);
    assertThat(EventSources.drain(s).text()).isEqualTo("ok");
    s.close();
    assertThat(calls).containsExactly("event", "completed");
  }

  @Test
  void observerSeesAFailureOnce() {
    ChatEventSource failing =
        new ChatEventSource() {
          @Override
          public ChatEvent next() {
            throw new TransportException("reset", ErrorContext.NONE, null);
          }

          @Override
          public void close() {}
        };
    ChatEventSource s = EventSources.observe(failing, observer);
    assertThatThrownBy(s::next).isInstanceOf(TransportException.class);
    s.close();
    assertThat(calls).containsExactly("failed");
  }

  @Test
  void observerSeesAnEarlyClose() {
    ChatEventSource s =
        EventSources.observe(
            EventSources.prepend(new ChatEvent.TextDelta("a"), EventSources.of(response())),
            observer);
    s.next();
    s.close();
    s.close();
    assertThat(calls).containsExactly("event", "closedEarly");
  }

  @Test
  void mapResponseChangesOnlyTheCompletedEvent() {
    ChatEventSource s =
        EventSources.mapResponse(
            EventSources.prepend(new ChatEvent.TextDelta("a"), EventSources.of(response())),
            r -> r.toBuilder().attempts(3).build());
    assertThat(s.next()).isEqualTo(new ChatEvent.TextDelta("a"));
    assertThat(((ChatEvent.Completed) s.next()).response().attempts()).isEqualTo(3);
  }
}
