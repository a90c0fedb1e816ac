package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.TransportException;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Streams: retried and failed over only until their first event reaches the caller. */
class StreamingResilienceTest {
  private static final String ANSWER = "Patient Jane Roe stable for discharge home today";

  private final ScriptedProvider primary =
      new ScriptedProvider("primary").always(ScriptedReply.text(ANSWER));
  private final ScriptedProvider secondary =
      new ScriptedProvider("secondary").always(ScriptedReply.text("Secondary answer."));
  private final TestClock clock = new TestClock();
  private final AttemptLog log = new AttemptLog();

  private ModelClient client() {
    return ModelClient.builder()
        .provider(primary)
        .provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
        .clock(clock)
        .addListener(log)
        .build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  @Test
  void retriesAStreamThatFailsBeforeItsFirstEvent() {
    primary.then(ScriptedReply.unavailable(), ScriptedReply.text(ANSWER).cutAfter(0));
    try (ModelClient client = client();
        ChatStream stream = client.stream(ask())) {
      StringBuilder text = new StringBuilder();
      for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) text.append(d.text());

      assertThat(text.toString()).isEqualTo(ANSWER);
      assertThat(stream.response().attempts()).isEqualTo(3);
      assertThat(stream.response().provider()).isEqualTo("primary");
      assertThat(primary.requests()).hasSize(3);
      assertThat(log.ended).extracting(e -> e.succeeded()).containsExactly(false, false, true);
    }
  }

  @Test
  void aMidStreamFailureSurfacesWithWhatWasReceivedAndIsNotRetried() {
    primary.then(ScriptedReply.text(ANSWER).cutAfter(3));
    List<String> received = new ArrayList<>();
    try (ModelClient client = client();
        ChatStream stream = client.stream(ask())) {
      Iterator<ChatEvent> events = stream.iterator();
      assertThatThrownBy(
              () -> {
                while (events.hasNext()) {
                  if (events.next() instanceof ChatEvent.TextDelta d) received.add(d.text());
                }
              })
          .isInstanceOfSatisfying(
              StreamInterruptedException.class,
              e -> {
                assertThat(e.receivedTextParts()).isEqualTo(3);
                assertThat(e.receivedChars()).isEqualTo(String.join("", received).length());
                assertThat(e.retryable()).isFalse();
                assertThat(e.getCause()).isInstanceOf(TransportException.class);
                assertThat(e.provider()).contains("primary");
                assertThat(e.getMessage()).doesNotContain("Jane", "Roe", "stable", "discharge");
              });

      assertThat(received).hasSize(3);
      assertThat(primary.requests()).hasSize(1);
      assertThat(secondary.requests()).isEmpty();
      assertThat(log.failed).hasSize(1);
    }
  }

  @Test
  void anOpenStreamHoldsItsBulkheadSlotUntilClosed() {
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(ResiliencePolicy.ofDefaults().withBulkhead(BulkheadPolicy.of(1)))
            .clock(clock)
            .build()) {
      ChatStream first = client.stream(ask());
      first.iterator().next();

      assertThatThrownBy(() -> client.stream(ask()))
          .isInstanceOfSatisfying(
              CallNotPermittedException.class,
              e ->
                  assertThat(e.reason()).isEqualTo(CallNotPermittedException.Reason.BULKHEAD_FULL));
      first.close();

      try (ChatStream second = client.stream(ask())) {
        assertThat(second.response().text()).isEqualTo(ANSWER);
      }
      assertThat(primary.requests()).hasSize(2);
    }
  }

  @Test
  void aFullBulkheadFailsOverToTheNextTarget() {
    try (ModelClient client =
            ModelClient.builder()
                .provider(primary)
                .provider(secondary)
                .route(
                    "notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
                .resilience(
                    ResilienceSettings.builder()
                        .provider("primary", p -> p.withBulkhead(BulkheadPolicy.of(1)))
                        .build())
                .clock(clock)
                .build();
        ChatStream held = client.stream(ask())) {
      held.iterator().next();

      assertThat(client.chat(ask()).provider()).isEqualTo("secondary");
    }
  }
}
