package dev.switchboard.wire.internal.openai;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.DeveloperMessage;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.SystemMessage;
import dev.switchboard.chat.TextPart;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.chat.ToolMessage;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.wire.internal.json.WireJson;
import java.io.IOException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Writes a neutral {@link ChatRequest} as an OpenAI chat-completions body in a given {@link
 * OpenAiDialect}: messages (with image parts and tool calls), tools, tool choice, response format,
 * sampling, stop, seed, user, the output limit, streaming, and last the request's extras, which
 * never replace a field the SDK set. Streams straight to bytes. Thread-safe (stateless).
 */
public final class ChatEncoder {
  private ChatEncoder() {}

  /**
   * The body for one attempt.
   *
   * @param model the provider-side model or deployment name (sent when the dialect wants it)
   * @param stream true for a streamed call
   */
  public static byte[] encode(ChatRequest r, String model, boolean stream, OpenAiDialect d) {
    return WireJson.write(gen -> write(gen, r, model, stream, d));
  }

  private static void write(
      JsonGenerator g, ChatRequest r, String model, boolean stream, OpenAiDialect d)
      throws IOException {
    Set<String> written = new HashSet<>(16);
    g.writeStartObject();
    if (d.sendModel()) field(g, written, "model").writeString(model);
    field(g, written, "messages");
    g.writeStartArray();
    for (ChatMessage m : r.messages()) message(g, m, d);
    g.writeEndArray();
    if (r.temperature().isPresent())
      field(g, written, "temperature").writeNumber(r.temperature().getAsDouble());
    if (r.topP().isPresent()) field(g, written, "top_p").writeNumber(r.topP().getAsDouble());
    if (r.maxOutputTokens().isPresent()) {
      field(g, written, d.maxTokensField().field()).writeNumber(r.maxOutputTokens().getAsInt());
    }
    if (!r.stop().isEmpty()) {
      field(g, written, "stop").writeStartArray();
      for (String s : r.stop()) g.writeString(s);
      g.writeEndArray();
    }
    if (r.seed().isPresent()) field(g, written, "seed").writeNumber(r.seed().getAsLong());
    if (!r.tools().isEmpty()) tools(g, written, r, d);
    if (r.toolChoice().isPresent())
      toolChoice(field(g, written, "tool_choice"), r.toolChoice().get());
    if (r.responseFormat().kind() != ResponseFormat.Kind.TEXT) {
      responseFormat(field(g, written, "response_format"), r.responseFormat(), d);
    }
    if (d.sendUser() && r.endUser().isPresent())
      field(g, written, "user").writeString(r.endUser().get());
    if (stream) {
      field(g, written, "stream").writeBoolean(true);
      if (d.streamUsage()) {
        field(g, written, "stream_options").writeStartObject();
        g.writeBooleanField("include_usage", true);
        g.writeEndObject();
      }
    }
    extras(
        g, written, d.structuredOutputs() ? StructuredOutputs.fromGuided(r.extras()) : r.extras());
    g.writeEndObject();
  }

  static JsonGenerator field(JsonGenerator g, Set<String> written, String name) throws IOException {
    written.add(name);
    g.writeFieldName(name);
    return g;
  }

  /** Writes the extras the SDK did not set itself. */
  public static void extras(JsonGenerator g, Set<String> written, Map<String, Object> extras)
      throws IOException {
    for (Map.Entry<String, Object> e : extras.entrySet()) {
      if (written.contains(e.getKey())) continue;
      g.writeFieldName(e.getKey());
      g.writeObject(e.getValue());
    }
  }

  private static void message(JsonGenerator g, ChatMessage m, OpenAiDialect d) throws IOException {
    g.writeStartObject();
    if (m instanceof SystemMessage s) {
      g.writeStringField("role", "system");
      g.writeStringField("content", s.text());
    } else if (m instanceof DeveloperMessage dev) {
      g.writeStringField("role", d.developerRole() ? "developer" : "system");
      g.writeStringField("content", dev.text());
    } else if (m instanceof UserMessage u) {
      g.writeStringField("role", "user");
      userContent(g, u, d);
    } else if (m instanceof AssistantMessage a) {
      assistant(g, a);
    } else if (m instanceof ToolMessage t) {
      g.writeStringField("role", "tool");
      g.writeStringField("tool_call_id", t.toolCallId());
      g.writeStringField("content", t.content());
    } else {
      throw new IllegalArgumentException("unknown message type " + m.getClass().getName());
    }
    g.writeEndObject();
  }

  private static void userContent(JsonGenerator g, UserMessage u, OpenAiDialect d)
      throws IOException {
    if (u.parts().size() == 1 && u.parts().get(0) instanceof TextPart t) {
      g.writeStringField("content", t.text());
      return;
    }
    g.writeArrayFieldStart("content");
    for (ContentPart p : u.parts()) {
      g.writeStartObject();
      if (p instanceof TextPart t) {
        g.writeStringField("type", "text");
        g.writeStringField("text", t.text());
      } else if (p instanceof ImagePart img) {
        g.writeStringField("type", "image_url");
        g.writeObjectFieldStart("image_url");
        g.writeStringField("url", img.asUrl());
        if (d.imageDetail())
          g.writeStringField("detail", img.detail().name().toLowerCase(Locale.ROOT));
        g.writeEndObject();
      }
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void assistant(JsonGenerator g, AssistantMessage a) throws IOException {
    g.writeStringField("role", "assistant");
    // Content is optional when tool calls are present; null would break Model Inference (string
    // only) and is ambiguous in Azure's 3.0 schema, so it is left out.
    if (!a.text().isEmpty() || a.toolCalls().isEmpty()) g.writeStringField("content", a.text());
    if (a.toolCalls().isEmpty()) return;
    g.writeArrayFieldStart("tool_calls");
    for (ToolCall c : a.toolCalls()) {
      g.writeStartObject();
      g.writeStringField("id", c.id());
      g.writeStringField("type", "function");
      g.writeObjectFieldStart("function");
      g.writeStringField("name", c.name());
      g.writeStringField("arguments", c.arguments()); // a JSON *string* in this dialect
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static void tools(JsonGenerator g, Set<String> written, ChatRequest r, OpenAiDialect d)
      throws IOException {
    field(g, written, "tools").writeStartArray();
    for (Tool t : r.tools()) functionTool(g, t, d.toolParametersField(), true);
    g.writeEndArray();
  }

  /**
   * One {@code {"type":"function","function":{...}}} tool definition, the shape OpenAI dialects and
   * Ollama's native API share.
   *
   * @param parametersField the field for the JSON Schema ({@code parameters}; TGI's {@code
   *     arguments})
   * @param strict true to send the tool's {@code strict} flag (servers without strict mode get
   *     none)
   */
  public static void functionTool(JsonGenerator g, Tool t, String parametersField, boolean strict)
      throws IOException {
    g.writeStartObject();
    g.writeStringField("type", "function");
    g.writeObjectFieldStart("function");
    g.writeStringField("name", t.name());
    if (!t.description().isEmpty()) g.writeStringField("description", t.description());
    g.writeFieldName(parametersField);
    g.writeRawValue(t.parametersSchema()); // validated as a JSON object when the Tool was built
    if (strict && t.strict()) g.writeBooleanField("strict", true);
    g.writeEndObject();
    g.writeEndObject();
  }

  private static void toolChoice(JsonGenerator g, ToolChoice c) throws IOException {
    switch (c.mode()) {
      case AUTO -> g.writeString("auto");
      case NONE -> g.writeString("none");
      case REQUIRED -> g.writeString("required");
      case TOOL -> {
        g.writeStartObject();
        g.writeStringField("type", "function");
        g.writeObjectFieldStart("function");
        g.writeStringField("name", c.toolName());
        g.writeEndObject();
        g.writeEndObject();
      }
    }
  }

  private static void responseFormat(JsonGenerator g, ResponseFormat f, OpenAiDialect d)
      throws IOException {
    g.writeStartObject();
    if (d.responseFormat() == OpenAiDialect.ResponseFormatStyle.TGI_GRAMMAR) {
      g.writeStringField("type", "json");
      g.writeFieldName("value");
      // a JSON object answer is the schema of any object; "{}" would also admit bare strings and
      // numbers
      g.writeRawValue(
          f.kind() == ResponseFormat.Kind.JSON_SCHEMA ? f.schema() : "{\"type\":\"object\"}");
    } else if (f.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      g.writeStringField("type", "json_object");
      if (d.responseFormat() == OpenAiDialect.ResponseFormatStyle.OPENAI_OBJECT_SCHEMA) {
        g.writeFieldName("schema");
        g.writeRawValue("{\"type\":\"object\"}");
      }
    } else {
      g.writeStringField("type", "json_schema");
      g.writeObjectFieldStart("json_schema");
      g.writeStringField("name", f.name());
      g.writeFieldName("schema");
      g.writeRawValue(f.schema());
      g.writeBooleanField("strict", f.strict());
      g.writeEndObject();
    }
    g.writeEndObject();
  }
}
