package dev.switchboard.wire.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.error.HttpErrors;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.json.WireJson;
import dev.switchboard.wire.internal.sse.SseEvent;
import dev.switchboard.wire.internal.sse.SseReader;
import dev.switchboard.wire.internal.stream.FrameEventSource;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Turns an Anthropic Messages SSE stream into neutral events (protocols.md §1.11.6): text deltas;
 * {@code tool_use} blocks as tool-call fragments numbered by their ordinal among tool blocks (not
 * the content index); usage from message_start (input side) and the cumulative message_delta
 * (output side); the stop reason; {@code error} events as typed errors. The stream must end with
 * {@code message_stop}. Single consumer; not thread-safe.
 */
public final class AnthropicStreamSource extends FrameEventSource {
  private final SseReader reader;
  private final Map<Integer, Integer> toolOrdinalByBlock = new HashMap<>();
  private Usage usage;
  private String stop;
  private String id;
  private String model;

  public AnthropicStreamSource(WireResponse response, AttemptContext context) {
    super(response, context);
    this.reader = new SseReader(response.source(), response.limits().maxStreamLine());
  }

  @Override
  protected boolean readFrame() throws IOException {
    SseEvent e = reader.next();
    if (e == null) return false;
    JsonNode data = WireJson.parse(e.data());
    String type = WireJson.text(data, "type");
    if (type == null) type = e.event();
    if (type == null) return true;
    switch (type) {
      case "message_start" -> messageStart(data.path("message"));
      case "content_block_start" -> blockStart(data);
      case "content_block_delta" -> blockDelta(data);
      case "message_delta" -> messageDelta(data);
      case "message_stop" -> complete(completed());
      case "error" -> throw HttpErrors.fromStreamEvent(data, where());
      default -> {} // ping, content_block_stop and event types added later
    }
    return true;
  }

  @Override
  protected long bytesRead() {
    return reader.bytesRead();
  }

  @Override
  protected String missingEndMarker() {
    return "before message_stop";
  }

  private void messageStart(JsonNode message) {
    id = WireJson.text(message, "id");
    model = WireJson.text(message, "model");
    usage = AnthropicDecoder.usage(message.get("usage"), null);
  }

  private void blockStart(JsonNode data) {
    JsonNode block = data.path("content_block");
    String type = WireJson.text(block, "type");
    if ("tool_use".equals(type)) {
      int ordinal = toolOrdinalByBlock.size();
      toolOrdinalByBlock.put(data.path("index").asInt(), ordinal);
      emit(
          new ChatEvent.ToolCallDelta(
              ordinal, WireJson.text(block, "id"), WireJson.text(block, "name"), ""));
    } else if ("text".equals(type)) {
      String text = block.path("text").asText("");
      if (!text.isEmpty()) emit(new ChatEvent.TextDelta(text));
    }
  }

  private void blockDelta(JsonNode data) {
    JsonNode delta = data.path("delta");
    String type = WireJson.text(delta, "type");
    if ("text_delta".equals(type)) {
      String text = delta.path("text").asText("");
      if (!text.isEmpty()) emit(new ChatEvent.TextDelta(text));
    } else if ("input_json_delta".equals(type)) {
      Integer ordinal = toolOrdinalByBlock.get(data.path("index").asInt());
      String json = delta.path("partial_json").asText("");
      if (ordinal != null && !json.isEmpty())
        emit(new ChatEvent.ToolCallDelta(ordinal, null, null, json));
    } // thinking, signature and citation deltas have no neutral event
  }

  private void messageDelta(JsonNode data) {
    String s = WireJson.text(data.path("delta"), "stop_reason");
    if (s != null) stop = s;
    JsonNode u = data.get("usage");
    if (u != null && u.isObject()) {
      usage = AnthropicDecoder.usage(u, usage); // cumulative: the last value of each field wins
      emit(new ChatEvent.UsageUpdate(usage));
    }
  }

  private ChatResponse completed() {
    ChatResponse.Builder b =
        ChatResponse.builder()
            .finishReason(AnthropicDecoder.finishReason(stop), stop)
            .usage(usage == null ? Usage.EMPTY : usage)
            .requestId(where().requestId())
            .metadata(response().metadata());
    if (id != null && !id.isEmpty()) b.responseId(id);
    if (model != null && !model.isEmpty()) b.model(model);
    return b.build();
  }
}
