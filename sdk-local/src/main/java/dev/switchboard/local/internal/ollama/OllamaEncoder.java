package dev.switchboard.local.internal.ollama;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.DeveloperMessage;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.SystemMessage;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.OllamaConfig;
import dev.switchboard.wire.internal.json.WireJson;
import dev.switchboard.wire.internal.openai.ChatEncoder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes Ollama's native request bodies ({@code /api/chat}, {@code /api/embed}): messages with
 * images as bare base64 and tool calls whose arguments are JSON objects; tools; {@code format}
 * ({@code "json"} or a schema); sampling and limits as {@code options}; {@code stream} always
 * explicit (Ollama streams unless told not to); {@code keep_alive} and {@code think}. A request's
 * extras that Ollama takes at the top level go there, every other extra is a runtime option, so
 * {@code extra("top_k", 40)} works here as it does on vLLM. Precedence: the request's own fields,
 * then its extras, then the provider's configured options. Thread-safe (stateless).
 */
public final class OllamaEncoder {
  /** Extras that are top-level request fields, not runtime options. */
  private static final Set<String> CHAT_TOP_LEVEL =
      Set.of("keep_alive", "think", "format", "logprobs", "top_logprobs", "options");

  private static final Set<String> EMBED_TOP_LEVEL =
      Set.of("keep_alive", "truncate", "dimensions", "options");

  private OllamaEncoder() {}

  /**
   * The {@code /api/chat} body.
   *
   * @throws UnsupportedCapabilityException for an image given by http(s) URL (Ollama takes inline
   *     images only)
   * @throws InvalidRequestException for tool-call arguments in the history that are not a JSON
   *     object
   */
  public static byte[] chat(
      ChatRequest r, String model, boolean stream, OllamaConfig c, ErrorContext where) {
    return WireJson.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("model", model);
          g.writeArrayFieldStart("messages");
          for (int i = 0; i < r.messages().size(); i++) message(g, r.messages(), i, where);
          g.writeEndArray();
          tools(g, r);
          format(g, r);
          writeOptions(g, chatOptions(r, c));
          g.writeBooleanField("stream", stream);
          Object keepAlive =
              r.extras().containsKey("keep_alive")
                  ? r.extras().get("keep_alive")
                  : c.keepAlive().map(OllamaEncoder::keepAliveValue).orElse(null);
          if (keepAlive != null) g.writeObjectField("keep_alive", keepAlive);
          Object think =
              r.extras().containsKey("think") ? r.extras().get("think") : c.think().orElse(null);
          if (think != null) g.writeObjectField("think", think);
          for (String k : List.of("logprobs", "top_logprobs")) {
            if (r.extras().containsKey(k)) g.writeObjectField(k, r.extras().get(k));
          }
          g.writeEndObject();
        });
  }

  /** The {@code /api/embed} body: the whole batch in one request. */
  public static byte[] embed(EmbeddingRequest r, String model, OllamaConfig c) {
    return WireJson.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("model", model);
          g.writeArrayFieldStart("input");
          for (String s : r.inputs()) g.writeString(s);
          g.writeEndArray();
          if (r.dimensions().isPresent()) {
            g.writeNumberField("dimensions", r.dimensions().getAsInt());
          } else if (r.extras().containsKey("dimensions")) {
            g.writeObjectField("dimensions", r.extras().get("dimensions"));
          }
          if (r.extras().containsKey("truncate"))
            g.writeObjectField("truncate", r.extras().get("truncate"));
          // the spec types keep_alive on /api/embed as a string only
          Object keepAlive =
              r.extras().containsKey("keep_alive")
                  ? r.extras().get("keep_alive")
                  : c.keepAlive().map(OllamaEncoder::keepAliveString).orElse(null);
          if (keepAlive != null) g.writeObjectField("keep_alive", keepAlive);
          Map<String, Object> options = new LinkedHashMap<>(c.options());
          mergeExtras(options, r.extras(), EMBED_TOP_LEVEL);
          writeOptions(g, options);
          g.writeEndObject();
        });
  }

  /** The {@code /api/show} body. */
  public static byte[] show(String model) {
    return WireJson.write(
        g -> {
          g.writeStartObject();
          g.writeStringField("model", model);
          g.writeEndObject();
        });
  }

  private static Map<String, Object> chatOptions(ChatRequest r, OllamaConfig c) {
    Map<String, Object> options = new LinkedHashMap<>(c.options());
    mergeExtras(options, r.extras(), CHAT_TOP_LEVEL);
    r.temperature().ifPresent(v -> options.put("temperature", v));
    r.topP().ifPresent(v -> options.put("top_p", v));
    r.maxOutputTokens().ifPresent(v -> options.put("num_predict", v));
    if (!r.stop().isEmpty()) options.put("stop", r.stop());
    r.seed().ifPresent(v -> options.put("seed", v));
    return options;
  }

  /** Extras go to options, except the top-level ones; an {@code options} map extra is merged in. */
  private static void mergeExtras(
      Map<String, Object> options, Map<String, Object> extras, Set<String> topLevel) {
    if (extras.get("options") instanceof Map<?, ?> m) {
      m.forEach((k, v) -> options.put(String.valueOf(k), v));
    }
    for (Map.Entry<String, Object> e : extras.entrySet()) {
      if (!topLevel.contains(e.getKey())) options.put(e.getKey(), e.getValue());
    }
  }

  private static void writeOptions(JsonGenerator g, Map<String, Object> options)
      throws IOException {
    if (options.isEmpty()) return;
    g.writeObjectField("options", options);
  }

  /** Whole seconds go as a number (the chat spec allows it), durations as strings. */
  static Object keepAliveValue(String keepAlive) {
    return keepAlive.matches("-?[0-9]+") ? (Object) Long.parseLong(keepAlive) : keepAlive;
  }

  /** Whole seconds as a Go duration string ({@code 0} becomes {@code 0s}). */
  static String keepAliveString(String keepAlive) {
    return keepAlive.matches("-?[0-9]+") ? keepAlive + "s" : keepAlive;
  }

  private static void message(
      JsonGenerator g, List<ChatMessage> messages, int i, ErrorContext where) throws IOException {
    ChatMessage m = messages.get(i);
    g.writeStartObject();
    if (m instanceof SystemMessage || m instanceof DeveloperMessage) {
      g.writeStringField("role", "system"); // Ollama has no developer role
      g.writeStringField("content", m.text());
    } else if (m instanceof UserMessage u) {
      g.writeStringField("role", "user");
      g.writeStringField("content", u.text());
      if (u.hasImages()) images(g, u, i, where);
    } else if (m instanceof AssistantMessage a) {
      g.writeStringField("role", "assistant");
      g.writeStringField("content", a.text());
      if (!a.toolCalls().isEmpty()) toolCalls(g, a.toolCalls(), i, where);
    } else if (m instanceof ToolMessage t) {
      g.writeStringField("role", "tool");
      g.writeStringField("content", t.content());
      String name = toolName(messages, i, t.toolCallId());
      if (name != null) g.writeStringField("tool_name", name);
      g.writeStringField("tool_call_id", t.toolCallId());
    }
    g.writeEndObject();
  }

  private static void images(JsonGenerator g, UserMessage u, int i, ErrorContext where)
      throws IOException {
    g.writeArrayFieldStart("images");
    for (ContentPart p : u.parts()) {
      if (p instanceof ImagePart img) g.writeString(base64(img, i, where));
    }
    g.writeEndArray();
  }

  /**
   * Bare base64: inline data as it is, a {@code data:} URL without its prefix; http(s) URLs are
   * refused.
   */
  static String base64(ImagePart img, int i, ErrorContext where) {
    if (img.isInline()) return img.base64Data();
    String url = img.url();
    int comma = url.indexOf(',');
    if (url.startsWith("data:") && comma > 0 && url.substring(0, comma).endsWith(";base64")) {
      return url.substring(comma + 1);
    }
    throw new UnsupportedCapabilityException(
        "Ollama takes images inline (base64 or a base64 data: URL), not by URL"
            + " (messages["
            + i
            + "])",
        where);
  }

  private static void toolCalls(JsonGenerator g, List<ToolCall> calls, int i, ErrorContext where)
      throws IOException {
    g.writeArrayFieldStart("tool_calls");
    for (ToolCall c : calls) {
      JsonNode args = WireJson.parseOrNull(c.arguments().getBytes(StandardCharsets.UTF_8));
      if (args == null || !args.isObject()) {
        throw new InvalidRequestException(
            "messages["
                + i
                + "] has tool-call arguments that are not a JSON object;"
                + " Ollama takes arguments as an object",
            where);
      }
      g.writeStartObject();
      g.writeStringField("id", c.id());
      g.writeObjectFieldStart("function");
      g.writeStringField("name", c.name());
      g.writeFieldName("arguments");
      g.writeTree(args);
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  /**
   * The name of the tool whose call the message at {@code i} answers (Ollama matches results by
   * name).
   */
  private static String toolName(List<ChatMessage> messages, int i, String callId) {
    for (int j = i - 1; j >= 0; j--) {
      if (messages.get(j) instanceof AssistantMessage a) {
        for (ToolCall c : a.toolCalls()) {
          if (c.id().equals(callId)) return c.name();
        }
      }
    }
    return null;
  }

  /**
   * Tools as declared; none for tool choice NONE, only the named one for a forced tool (Ollama has
   * no tool_choice).
   */
  private static void tools(JsonGenerator g, ChatRequest r) throws IOException {
    if (r.tools().isEmpty()) return;
    ToolChoice choice = r.toolChoice().orElse(null);
    if (choice != null && choice.mode() == ToolChoice.Mode.NONE) return;
    g.writeArrayFieldStart("tools");
    for (Tool t : r.tools()) {
      if (choice != null
          && choice.mode() == ToolChoice.Mode.TOOL
          && !t.name().equals(choice.toolName())) continue;
      ChatEncoder.functionTool(g, t, "parameters", false); // Ollama has no strict mode
    }
    g.writeEndArray();
  }

  private static void format(JsonGenerator g, ChatRequest r) throws IOException {
    ResponseFormat f = r.responseFormat();
    if (f.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      g.writeStringField("format", "json");
    } else if (f.kind() == ResponseFormat.Kind.JSON_SCHEMA) {
      g.writeFieldName("format");
      g.writeRawValue(f.schema());
    } else if (r.extras().containsKey("format")) {
      g.writeObjectField("format", r.extras().get("format"));
    }
  }
}
