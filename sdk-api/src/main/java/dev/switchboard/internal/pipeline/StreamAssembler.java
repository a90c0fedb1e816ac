package dev.switchboard.internal.pipeline;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Wraps a provider's stream and turns its final {@code Completed} event into the whole answer: text
 * joined from the deltas, tool calls assembled from their fragments (by index), and the last usage
 * reported. Adapters thus only translate frames; assembly lives here, once.
 */
public final class StreamAssembler implements ChatEventSource {
  private final ChatEventSource source;
  private final ErrorContext where;
  private final StringBuilder text = new StringBuilder();
  private final TreeMap<Integer, PartialCall> calls = new TreeMap<>();
  private Usage lastUsage;
  private boolean done;

  public StreamAssembler(ChatEventSource source, ErrorContext where) {
    this.source = source;
    this.where = where;
  }

  @Override
  public ChatEvent next() {
    if (done) return null;
    ChatEvent e = source.next();
    if (e == null) {
      done = true;
      throw new DecodingException("the stream ended before it completed", where);
    }
    if (e instanceof ChatEvent.TextDelta d) {
      text.append(d.text());
    } else if (e instanceof ChatEvent.ToolCallDelta d) {
      calls.computeIfAbsent(d.index(), i -> new PartialCall()).add(d);
    } else if (e instanceof ChatEvent.UsageUpdate u) {
      lastUsage = u.usage();
    } else if (e instanceof ChatEvent.Completed c) {
      done = true;
      return new ChatEvent.Completed(assemble(c.response()));
    }
    return e;
  }

  private ChatResponse assemble(ChatResponse fromProvider) {
    ChatResponse.Builder b = fromProvider.toBuilder();
    if (fromProvider.text().isEmpty() && text.length() > 0) b.text(text.toString());
    if (fromProvider.toolCalls().isEmpty() && !calls.isEmpty()) {
      List<ToolCall> assembled = new ArrayList<>(calls.size());
      for (var entry : calls.entrySet())
        assembled.add(entry.getValue().build(entry.getKey(), where));
      b.toolCalls(assembled);
    }
    if (fromProvider.usage().isEmpty() && lastUsage != null) b.usage(lastUsage);
    return b.build();
  }

  @Override
  public void close() {
    done = true;
    source.close();
  }

  private static final class PartialCall {
    private String id;
    private String name;
    private final StringBuilder arguments = new StringBuilder();

    void add(ChatEvent.ToolCallDelta d) {
      if (d.id() != null && !d.id().isEmpty()) id = d.id();
      if (d.name() != null && !d.name().isEmpty()) name = d.name();
      arguments.append(d.argumentsFragment());
    }

    ToolCall build(int index, ErrorContext where) {
      if (id == null || name == null) {
        throw new DecodingException(
            "tool call " + index + " in the stream has no id or name", where);
      }
      return new ToolCall(id, name, arguments.length() == 0 ? "{}" : arguments.toString());
    }
  }
}
