package dev.switchboard.wire.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.SafetyResult;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.error.HttpErrors;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.json.WireJson;
import dev.switchboard.wire.internal.sse.SseEvent;
import dev.switchboard.wire.internal.sse.SseReader;
import dev.switchboard.wire.internal.stream.FrameEventSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Turns an OpenAI chat-completions SSE stream into neutral events. Tolerates what real servers send
 * (protocols.md §0.3, §1.8): a first chunk with empty choices carrying prompt filter results,
 * chunks without {@code delta} (async content filtering), tool-call fragments keyed by {@code
 * index}, by {@code id} where there is no index, else joined to the last open call; the usage chunk
 * with empty choices before {@code [DONE]}; error events (an {@code error} object, or llama.cpp's
 * {@code error:} line). The stream must end with {@code [DONE]} unless the dialect says otherwise.
 * Single consumer; not thread-safe.
 */
public final class ChatStreamSource extends FrameEventSource {
  private final SseReader reader;
  private final OpenAiDialect dialect;
  private final Map<Integer, Integer> ordinalByIndex = new HashMap<>();
  private final Map<String, Integer> ordinalById = new HashMap<>();
  private final List<SafetyResult.Category> safety = new ArrayList<>();
  private int lastOrdinal = -1;
  private String finish;
  private Usage usage = Usage.EMPTY;
  private String responseId;
  private String model;
  private JsonNode timings;
  private final BiConsumer<JsonNode, ChatResponse.Builder> withTimings;

  public ChatStreamSource(WireResponse response, AttemptContext context, OpenAiDialect dialect) {
    this(response, context, dialect, (timings, b) -> {});
  }

  /**
   * @param withTimings adds what a server's non-standard {@code timings} object says (llama.cpp
   *     sends it in its last chunk) to the completed response; called only if a chunk had one
   */
  public ChatStreamSource(
      WireResponse response,
      AttemptContext context,
      OpenAiDialect dialect,
      BiConsumer<JsonNode, ChatResponse.Builder> withTimings) {
    super(response, context);
    this.reader = new SseReader(response.source(), response.limits().maxStreamLine());
    this.dialect = dialect;
    this.withTimings = withTimings;
  }

  @Override
  protected boolean readFrame() throws IOException {
    SseEvent e = reader.next();
    if (e == null) {
      if (!dialect.requireDone() && finish != null) {
        complete(completed());
        return true;
      }
      return false;
    }
    if (e.error()) throw HttpErrors.fromStreamEvent(errorNode(e.data()), where());
    if (e.isDone()) {
      complete(completed());
      return true;
    }
    chunk(WireJson.parse(e.data()));
    return true;
  }

  @Override
  protected long bytesRead() {
    return reader.bytesRead();
  }

  @Override
  protected String missingEndMarker() {
    return "before [DONE]";
  }

  private void chunk(JsonNode node) {
    JsonNode error = node.get("error");
    if (error != null && !error.isNull() && !node.has("choices"))
      throw HttpErrors.fromStreamEvent(node, where());
    if (responseId == null) responseId = nonEmpty(WireJson.text(node, "id"));
    if (model == null) model = nonEmpty(WireJson.text(node, "model"));
    safety.addAll(ContentFilters.promptCategories(node));
    JsonNode choices = node.get("choices");
    if (choices != null && choices.isArray()) {
      for (JsonNode choice : choices) {
        if (choice.path("index").asInt(0) != 0) continue; // we ask for one choice
        choice(choice);
      }
    }
    JsonNode t = node.get("timings");
    if (t != null && t.isObject()) timings = t;
    JsonNode u = node.get("usage");
    if (u != null && u.isObject()) {
      usage = ChatDecoder.usage(u);
      emit(new ChatEvent.UsageUpdate(usage));
    }
  }

  private void choice(JsonNode choice) {
    JsonNode delta = choice.get("delta");
    if (delta != null && delta.isObject()) {
      String text = WireJson.text(delta, "content");
      if (text != null && !text.isEmpty()) emit(new ChatEvent.TextDelta(text));
      JsonNode calls = delta.get("tool_calls");
      if (calls != null && calls.isArray()) {
        for (JsonNode call : calls) toolCall(call);
      }
    }
    safety.addAll(ContentFilters.completionCategories(choice));
    String f = WireJson.text(choice, "finish_reason");
    if (f != null && !f.isEmpty()) finish = f;
  }

  private void toolCall(JsonNode call) {
    String id = nonEmpty(WireJson.text(call, "id"));
    JsonNode fn = call.path("function");
    int ordinal;
    JsonNode index = call.get("index");
    if (index != null && index.isInt()) {
      ordinal = ordinalByIndex.computeIfAbsent(index.asInt(), i -> ++lastOrdinal);
      if (id != null) ordinalById.putIfAbsent(id, ordinal);
    } else if (id != null) {
      ordinal = ordinalById.computeIfAbsent(id, i -> ++lastOrdinal);
    } else {
      ordinal = lastOrdinal < 0 ? ++lastOrdinal : lastOrdinal;
    }
    JsonNode args = fn.get("arguments");
    String fragment =
        args == null || args.isNull() ? "" : args.isTextual() ? args.asText() : args.toString();
    emit(new ChatEvent.ToolCallDelta(ordinal, id, nonEmpty(WireJson.text(fn, "name")), fragment));
  }

  private ChatResponse completed() {
    ChatResponse.Builder b =
        ChatResponse.builder()
            .finishReason(
                finish == null ? FinishReason.STOP : ChatDecoder.finishReason(finish), finish)
            .usage(usage)
            .requestId(where().requestId())
            .metadata(response().metadata());
    if (responseId != null) b.responseId(responseId);
    if (model != null) b.model(model);
    if (!safety.isEmpty()) b.safety(new SafetyResult(safety));
    if (timings != null) withTimings.accept(timings, b);
    return b.build();
  }

  private static JsonNode errorNode(String data) {
    JsonNode n = WireJson.parseOrNull(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return n != null && n.isObject() ? n : WireJson.MAPPER.createObjectNode();
  }

  private static String nonEmpty(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
