package dev.switchboard.internal.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.usage.Usage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class StreamAssemblerTest {
  private static ChatEventSource source(ChatEvent... events) {
    Deque<ChatEvent> q = new ArrayDeque<>(List.of(events));
    return new ChatEventSource() {
      @Override
      public ChatEvent next() {
        return q.poll();
      }

      @Override
      public void close() {
        q.clear();
      }
    };
  }

  private static ChatResponse end(FinishReason reason) {
    return ChatResponse.builder().finishReason(reason, null).build();
  }

  @Test
  void joinsTextDeltasAndTakesTheLastUsage() {
    ChatResponse r =
        EventSources.drain(
            new StreamAssembler(
                source(
                    new ChatEvent.TextDelta("Patient "),
                    new ChatEvent.TextDelta("stable."),
                    new ChatEvent.UsageUpdate(Usage.of(5, 1)),
                    new ChatEvent.UsageUpdate(Usage.of(5, 2)),
                    new ChatEvent.Completed(end(FinishReason.STOP))),
                ErrorContext.NONE));
    assertThat(r.text()).isEqualTo("Patient stable.");
    assertThat(r.usage()).isEqualTo(Usage.of(5, 2));
  }

  @Test
  void assemblesInterleavedToolCallFragmentsByIndex() {
    ChatResponse r =
        EventSources.drain(
            new StreamAssembler(
                source(
                    new ChatEvent.ToolCallDelta(0, "call_a", "lookup", "{\"pat"),
                    new ChatEvent.ToolCallDelta(1, "call_b", "schedule", "{\"day\""),
                    new ChatEvent.ToolCallDelta(0, null, null, "ient\":\"p-1\"}"),
                    new ChatEvent.ToolCallDelta(1, null, null, ":\"mon\"}"),
                    new ChatEvent.ToolCallDelta(2, "call_c", "noargs", ""),
                    new ChatEvent.Completed(end(FinishReason.TOOL_CALLS))),
                ErrorContext.NONE));
    assertThat(r.toolCalls()).hasSize(3);
    assertThat(r.toolCalls().get(0).arguments()).isEqualTo("{\"patient\":\"p-1\"}");
    assertThat(r.toolCalls().get(1).name()).isEqualTo("schedule");
    assertThat(r.toolCalls().get(1).arguments()).isEqualTo("{\"day\":\"mon\"}");
    assertThat(r.toolCalls().get(2).arguments()).isEqualTo("{}");
  }

  @Test
  void aStreamThatEndsWithoutCompletingIsAnError() {
    StreamAssembler s =
        new StreamAssembler(source(new ChatEvent.TextDelta("Patient")), ErrorContext.of("p", "m"));
    s.next();
    assertThatThrownBy(s::next)
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("provider=p");
  }

  @Test
  void aToolCallWithoutIdOrNameIsAnError() {
    StreamAssembler s =
        new StreamAssembler(
            source(
                new ChatEvent.ToolCallDelta(0, null, null, "{}"),
                new ChatEvent.Completed(end(FinishReason.TOOL_CALLS))),
            ErrorContext.NONE);
    assertThatThrownBy(() -> EventSources.drain(s)).isInstanceOf(DecodingException.class);
  }
}
