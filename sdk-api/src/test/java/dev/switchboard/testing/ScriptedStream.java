package dev.switchboard.testing;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * A scripted answer as a stream: its events in order, or a failure after the first {@code cutAfter}
 * of them. Counts itself among its provider's open streams until it completes, breaks or is closed.
 * Single-consumer, like any source.
 */
final class ScriptedStream implements ChatEventSource {
  private final List<ChatEvent> events;
  private final int cutAfter;
  private final Supplier<RuntimeException> cut;
  private final AtomicInteger openStreams;
  private int next;
  private boolean closed;

  /**
   * @param cutAfter events before the failure, at most the index of the last; negative for none
   */
  ScriptedStream(
      List<ChatEvent> events,
      int cutAfter,
      Supplier<RuntimeException> cut,
      AtomicInteger openStreams) {
    this.events = events;
    this.cutAfter = cutAfter;
    this.cut = cut;
    this.openStreams = openStreams;
    openStreams.incrementAndGet();
  }

  /**
   * The events of a reply: its usage if reported first, the text word by word (or in pieces of
   * {@code chunkChars}), each tool call as a header fragment and then its arguments, the usage if
   * reported, and {@code completed}.
   */
  static List<ChatEvent> events(ScriptedReply r, int chunkChars, ChatResponse completed) {
    List<ChatEvent> events = new ArrayList<>();
    if (r.isUsageFirst()) events.add(new ChatEvent.UsageUpdate(r.usage()));
    for (String piece : chunks(r.text(), chunkChars)) events.add(new ChatEvent.TextDelta(piece));
    for (int i = 0; i < r.toolCalls().size(); i++) {
      ToolCall call = r.toolCalls().get(i);
      events.add(new ChatEvent.ToolCallDelta(i, call.id(), call.name(), ""));
      List<String> pieces =
          chunkChars > 0 ? chunks(call.arguments(), chunkChars) : List.of(call.arguments());
      for (String piece : pieces) events.add(new ChatEvent.ToolCallDelta(i, null, null, piece));
    }
    if (!r.isUsageFirst() && !r.usage().isEmpty()) events.add(new ChatEvent.UsageUpdate(r.usage()));
    events.add(new ChatEvent.Completed(completed));
    return events;
  }

  private static List<String> chunks(String text, int size) {
    List<String> out = new ArrayList<>();
    if (size > 0) {
      for (int i = 0; i < text.length(); i += size)
        out.add(text.substring(i, Math.min(text.length(), i + size)));
    } else if (!text.isEmpty()) {
      // Word by word, each word with the whitespace after it, so that the pieces join to the text.
      for (String w : text.split("(?<=\\s)(?=\\S)")) out.add(w);
    }
    return out;
  }

  @Override
  public ChatEvent next() {
    if (closed || next >= events.size()) return null;
    if (cutAfter >= 0 && next >= cutAfter) {
      close();
      throw cut.get();
    }
    ChatEvent e = events.get(next++);
    if (e instanceof ChatEvent.Completed) close();
    return e;
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      openStreams.decrementAndGet();
    }
  }
}
