package dev.switchboard.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shared test provider does what its javadoc promises (it is not packaged into the fixtures
 * jar).
 */
class ScriptedProviderTest {
  private final ScriptedProvider provider = new ScriptedProvider("p");
  private final AttemptContext context = AttemptContext.forModel("m-1");

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).build();
  }

  private static List<ChatEvent> drain(ChatEventSource source) {
    List<ChatEvent> events = new ArrayList<>();
    for (ChatEvent e = source.next(); e != null; e = source.next()) events.add(e);
    return events;
  }

  @Test
  void answersFromTheQueueThenFromTheDefaultAndNumbersRequestIds() {
    provider.then(ScriptedReply.answer("first", Usage.of(1, 2)));

    ChatResponse first = provider.chat(ask("a"), context);
    ChatResponse second = provider.chat(ask("b"), context);

    assertThat(first.text()).isEqualTo("first");
    assertThat(first.usage()).isEqualTo(Usage.of(1, 2));
    assertThat(second.text()).isEqualTo("answer from p");
    assertThat(second.usage()).isEqualTo(ScriptedReply.DEFAULT_USAGE);
    assertThat(second.requestId()).hasValue("req-2");
    assertThat(provider.chats())
        .extracting(ScriptedProvider::lastUserText)
        .containsExactly("a", "b");
    assertThat(provider.calls()).isEqualTo(2);
  }

  @Test
  void namedFailuresNameWhereTheyHappenedAndAreNewForEveryCall() {
    provider.always(ScriptedReply.rateLimited(Duration.ofSeconds(2)));

    RateLimitedException one = catchRateLimited();
    RateLimitedException two = catchRateLimited();

    assertThat(one).isNotSameAs(two);
    assertThat(one.statusCode()).isEqualTo(429);
    assertThat(one.retryAfter()).hasValue(Duration.ofSeconds(2));
    assertThat(one.provider()).hasValue("p");
    assertThat(provider.requests()).hasSize(2);
  }

  private RateLimitedException catchRateLimited() {
    try {
      provider.chat(ask("x"), context);
    } catch (RateLimitedException e) {
      return e;
    }
    throw new AssertionError("no failure");
  }

  @Test
  void streamsWordByWordWithUsageAndCompletion() {
    List<ChatEvent> events = drain(provider.stream(ask("x"), context));

    assertThat(events).hasSize(5);
    assertThat(events.subList(0, 3))
        .extracting(e -> ((ChatEvent.TextDelta) e).text())
        .containsExactly("answer ", "from ", "p");
    assertThat(events.get(3)).isEqualTo(new ChatEvent.UsageUpdate(ScriptedReply.DEFAULT_USAGE));
    assertThat(events.get(4)).isInstanceOf(ChatEvent.Completed.class);
    assertThat(provider.openStreams()).isZero();
  }

  @Test
  void streamsTextAndToolArgumentsInPiecesWhenAsked() {
    provider
        .chunkChars(3)
        .always(
            ScriptedReply.answer("abcdefg", Usage.EMPTY)
                .withToolCalls(new ToolCall("call-1", "lookup", "{\"a\":1}")));

    List<ChatEvent> events = drain(provider.stream(ask("x"), context));

    assertThat(events).hasSize(8);
    assertThat(events.subList(0, 3))
        .extracting(e -> ((ChatEvent.TextDelta) e).text())
        .containsExactly("abc", "def", "g");
    assertThat(events.get(3)).isEqualTo(new ChatEvent.ToolCallDelta(0, "call-1", "lookup", ""));
    assertThat(events.subList(4, 7))
        .extracting(e -> ((ChatEvent.ToolCallDelta) e).argumentsFragment())
        .containsExactly("{\"a", "\":1", "}");
  }

  @Test
  void aCutStreamFailsAfterItsEventsAndAChatWithTheSameReplyFailsAtOnce() {
    provider.then(
        ScriptedReply.text("one two three").cutAfter(2),
        ScriptedReply.usageThenCut(Usage.of(100, 0)),
        ScriptedReply.text("one").cutAfter(99),
        ScriptedReply.text("x").cutAfter(0));

    ChatEventSource cut = provider.stream(ask("x"), context);
    assertThat(cut.next()).isEqualTo(new ChatEvent.TextDelta("one "));
    assertThat(cut.next()).isEqualTo(new ChatEvent.TextDelta("two "));
    assertThatThrownBy(cut::next)
        .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.retryable()).isTrue());
    ChatEventSource usageFirst = provider.stream(ask("x"), context);
    assertThat(usageFirst.next()).isEqualTo(new ChatEvent.UsageUpdate(Usage.of(100, 0)));
    assertThatThrownBy(usageFirst::next).isInstanceOf(TransportException.class);
    // A cut later than the stream is long still comes instead of the completion.
    assertThatThrownBy(() -> drain(provider.stream(ask("x"), context)))
        .isInstanceOf(TransportException.class);
    assertThatThrownBy(() -> provider.chat(ask("x"), context))
        .isInstanceOf(TransportException.class);
    assertThat(provider.openStreams()).isZero();
  }

  @Test
  void latencyAndTimeoutsWaitOnTheGivenClock() {
    TestClock clock = new TestClock();
    provider
        .clock(clock)
        .then(
            ScriptedReply.text("slow").withLatency(Duration.ofSeconds(2)), ScriptedReply.timeout());

    assertThat(provider.chat(ask("x"), context).text()).isEqualTo("slow");
    assertThatThrownBy(() -> provider.chat(ask("x"), context))
        .isInstanceOfSatisfying(
            CallTimeoutException.class, e -> assertThat(e.retryable()).isTrue());

    assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(2), context.readTimeout());
  }

  @Test
  void embedsWithScriptedOrDefaultVectors() {
    provider.then(
        ScriptedReply.answer("", Usage.of(7, 0)).withVectors(List.of(new float[] {0.5f})));

    var scripted =
        provider.embed(EmbeddingRequest.builder().input("a").input("b").build(), context);
    var byDefault = provider.embed(EmbeddingRequest.builder().input("c").build(), context);

    assertThat(scripted.embeddings()).extracting(e -> e.vector()[0]).containsExactly(0.5f, 1f);
    assertThat(scripted.usage()).isEqualTo(Usage.of(7, 0));
    assertThat(byDefault.usage()).isEqualTo(Usage.of(1, 0));
    assertThat(provider.embeddings()).hasSize(2);
  }

  @Test
  void sentTextIsEverythingThatLeftAndRecordingCanBeTurnedOff() {
    provider.chat(ask("Jane Roe"), context);
    provider.embed(EmbeddingRequest.builder().input("MRN-1").build(), context);
    assertThat(provider.sentText()).contains("Jane Roe", "MRN-1");

    ScriptedProvider quiet =
        new ScriptedProvider("q").recordRequests(false).requestIdPrefix("vendor-req-");
    assertThat(quiet.chat(ask("x"), context).requestId()).hasValue("vendor-req-1");
    assertThat(quiet.requests()).isEmpty();
    assertThat(quiet.calls()).isEqualTo(1);
  }
}
