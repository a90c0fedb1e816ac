package dev.switchboard.mock;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.spi.AttemptContext;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A scripted stream: its events in order, with a pause between text chunks, or a drop midway. */
final class MockStream implements ChatEventSource {
  private final List<ChatEvent> events;
  private final MockFault fault;
  private final Duration chunkDelay;
  private final AttemptContext context;
  private final ErrorContext where;
  private final AtomicInteger openStreams;
  private int next;
  private int textChunksSent;
  private boolean closed;

  MockStream(
      List<ChatEvent> events,
      MockFault fault,
      Duration chunkDelay,
      AttemptContext context,
      ErrorContext where,
      AtomicInteger openStreams) {
    this.events = events;
    this.fault = fault;
    this.chunkDelay = chunkDelay;
    this.context = context;
    this.where = where;
    this.openStreams = openStreams;
  }

  @Override
  public ChatEvent next() {
    if (closed || next >= events.size()) return null;
    ChatEvent e = events.get(next);
    boolean drop =
        fault != null
            && fault.kind() == MockFault.Kind.DISCONNECT
            && (textChunksSent >= fault.afterChunks() || e instanceof ChatEvent.Completed);
    if (drop) {
      close();
      throw MockFaults.exception(fault, context, where);
    }
    if (e instanceof ChatEvent.TextDelta) {
      if (textChunksSent > 0) MockFaults.sleep(chunkDelay, where);
      textChunksSent++;
    }
    next++;
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
