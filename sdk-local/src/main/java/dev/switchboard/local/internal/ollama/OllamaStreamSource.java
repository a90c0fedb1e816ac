package dev.switchboard.local.internal.ollama;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.json.WireJson;
import dev.switchboard.wire.internal.sse.NdjsonReader;
import dev.switchboard.wire.internal.stream.FrameEventSource;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Ollama's NDJSON chat stream into neutral events: each line's content as a text delta; tool
 * calls, which arrive whole in one line, as one delta each; and on the final line ({@code done:
 * true}) usage and the completed response. There is no {@code [DONE]} marker: a body that ends
 * without {@code done: true} is an error, and so is a line with {@code error}, which Ollama sends
 * under status 200 when the runner fails mid-answer. Single consumer; not thread-safe.
 */
public final class OllamaStreamSource extends FrameEventSource {
  private final NdjsonReader reader;
  private int toolCalls;
  private String model;

  public OllamaStreamSource(WireResponse response, AttemptContext context) {
    super(response, context);
    this.reader = new NdjsonReader(response.source(), response.limits().maxStreamLine());
  }

  @Override
  protected boolean readFrame() throws IOException {
    String line = reader.next();
    if (line == null) return false;
    // bad JSON propagates: the frame loop says whether it was the first line (then what came back)
    OllamaWire.ChatChunk c = WireJson.MAPPER.readValue(line, OllamaWire.ChatChunk.class);
    if (c.isError()) throw OllamaDecoder.streamError(where());
    if (model == null && c.model() != null && !c.model().isEmpty()) model = c.model();
    OllamaWire.Message m = c.message();
    if (m != null && m.content() != null && !m.content().isEmpty())
      emit(new ChatEvent.TextDelta(m.content()));
    List<ToolCall> calls = OllamaDecoder.toolCalls(m, toolCalls, where());
    for (ToolCall call : calls) {
      emit(new ChatEvent.ToolCallDelta(toolCalls++, call.id(), call.name(), call.arguments()));
    }
    if (c.done()) finish(c);
    return true;
  }

  private void finish(OllamaWire.ChatChunk last) {
    Usage usage = OllamaDecoder.usage(last);
    emit(new ChatEvent.UsageUpdate(usage));
    Map<String, String> metadata = new LinkedHashMap<>(response().metadata());
    metadata.putAll(OllamaDecoder.metadata(last));
    ChatResponse.Builder b =
        ChatResponse.builder()
            .finishReason(
                OllamaDecoder.finishReason(last.doneReason(), toolCalls > 0), last.doneReason())
            .usage(usage)
            .serverTime(OllamaDecoder.serverTime(last.totalDuration()))
            .requestId(where().requestId())
            .metadata(metadata);
    if (model != null) b.model(model);
    complete(b.build());
  }

  @Override
  protected long bytesRead() {
    return reader.bytesRead();
  }

  @Override
  protected String missingEndMarker() {
    return "before the final object with done:true";
  }
}
