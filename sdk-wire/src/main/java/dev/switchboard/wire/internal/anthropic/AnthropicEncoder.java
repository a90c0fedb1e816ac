package dev.switchboard.wire.internal.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.wire.internal.json.WireJson;
import java.io.IOException;
import java.util.Map;

/**
 * Writes a neutral {@link ChatRequest} as an Anthropic Messages API body (protocols.md §1.11.4,
 * §1.11.10): system and developer messages joined into the top-level {@code system}; user parts as
 * text and image blocks; assistant tool calls as {@code tool_use} blocks with parsed input; tool
 * results grouped into one user turn; {@code max_tokens} always set; stop as {@code
 * stop_sequences}; the end-user id as {@code metadata.user_id}. Thread-safe (stateless).
 */
public final class AnthropicEncoder {
  private AnthropicEncoder() {}

  /**
   * The body for one attempt.
   *
   * @throws InvalidRequestException for a temperature above 1, which the API rejects
   * @throws UnsupportedCapabilityException for JSON output formats, unavailable on Foundry
   */
  public static byte[] encode(
      ChatRequest r, String model, boolean stream, int defaultMaxTokens, ErrorContext where) {
    if (r.responseFormat().kind() != ResponseFormat.Kind.TEXT) {
      throw new UnsupportedCapabilityException(
          "Claude on Foundry does not offer JSON response formats", where);
    }
    ObjectNode body = WireJson.MAPPER.createObjectNode();
    body.put("model", model);
    body.put("max_tokens", r.maxOutputTokens().orElse(defaultMaxTokens));
    String system = system(r);
    if (!system.isEmpty()) body.put("system", system);
    body.set("messages", messages(r, where));
    if (r.temperature().isPresent()) {
      if (r.temperature().getAsDouble() > 1.0) {
        throw new InvalidRequestException("the anthropic API accepts temperature 0 to 1", where);
      }
      body.put("temperature", r.temperature().getAsDouble());
    }
    if (r.topP().isPresent()) body.put("top_p", r.topP().getAsDouble());
    if (!r.stop().isEmpty()) {
      ArrayNode stops = body.putArray("stop_sequences");
      r.stop().forEach(stops::add);
    }
    if (stream) body.put("stream", true);
    if (r.endUser().isPresent()) body.putObject("metadata").put("user_id", r.endUser().get());
    if (!r.tools().isEmpty()) tools(body, r, where);
    // seed has no Anthropic equivalent: dropped (best-effort determinism is not a contract)
    for (Map.Entry<String, Object> e : r.extras().entrySet()) {
      if (!body.has(e.getKey())) body.set(e.getKey(), WireJson.MAPPER.valueToTree(e.getValue()));
    }
    return WireJson.write(g -> WireJson.MAPPER.writeTree(g, body));
  }

  private static String system(ChatRequest r) {
    StringBuilder sb = new StringBuilder();
    for (ChatMessage m : r.messages()) {
      if (m instanceof SystemMessage || m instanceof DeveloperMessage) {
        if (sb.length() > 0) sb.append("\n\n");
        sb.append(m.text());
      }
    }
    return sb.toString();
  }

  private static ArrayNode messages(ChatRequest r, ErrorContext where) {
    ArrayNode out = WireJson.MAPPER.createArrayNode();
    ObjectNode open = null; // the last turn, to merge consecutive same-role turns into
    for (ChatMessage m : r.messages()) {
      String role;
      ArrayNode blocks = WireJson.MAPPER.createArrayNode();
      if (m instanceof UserMessage u) {
        role = "user";
        for (ContentPart p : u.parts()) blocks.add(part(p));
      } else if (m instanceof ToolMessage t) {
        role = "user";
        ObjectNode result =
            blocks.addObject().put("type", "tool_result").put("tool_use_id", t.toolCallId());
        result.put("content", t.content());
      } else if (m instanceof AssistantMessage a) {
        role = "assistant";
        if (!a.text().isEmpty()) blocks.addObject().put("type", "text").put("text", a.text());
        for (ToolCall c : a.toolCalls()) {
          blocks
              .addObject()
              .put("type", "tool_use")
              .put("id", c.id())
              .put("name", c.name())
              .set("input", input(c, where));
        }
      } else {
        continue; // system and developer went to the top-level system prompt
      }
      if (open != null && open.path("role").asText().equals(role)) {
        ((ArrayNode) open.get("content")).addAll(blocks);
      } else {
        open = out.addObject().put("role", role);
        open.set("content", blocks);
      }
    }
    return out;
  }

  private static ObjectNode part(ContentPart p) {
    ObjectNode block = WireJson.MAPPER.createObjectNode();
    if (p instanceof TextPart t) return block.put("type", "text").put("text", t.text());
    ImagePart img = (ImagePart) p;
    block.put("type", "image");
    ObjectNode source = block.putObject("source");
    if (img.isInline()) {
      source.put("type", "base64").put("media_type", img.mediaType()).put("data", img.base64Data());
    } else if (img.url().startsWith("data:")) {
      int comma = img.url().indexOf(',');
      int semi = img.url().indexOf(';');
      source
          .put("type", "base64")
          .put("media_type", img.url().substring(5, semi > 0 && semi < comma ? semi : comma))
          .put("data", img.url().substring(comma + 1));
    } else {
      source.put("type", "url").put("url", img.url());
    }
    return block;
  }

  /** OpenAI-style arguments are a JSON string; Anthropic wants the object. */
  private static JsonNode input(ToolCall c, ErrorContext where) {
    try {
      JsonNode n = WireJson.parse(c.arguments().isBlank() ? "{}" : c.arguments());
      if (n != null && n.isObject()) return n;
    } catch (IOException e) {
      // reported below without quoting the arguments
    }
    throw new InvalidRequestException(
        "tool call " + c.id() + " has arguments that are not a JSON object", where);
  }

  private static void tools(ObjectNode body, ChatRequest r, ErrorContext where) {
    ArrayNode tools = body.putArray("tools");
    for (Tool t : r.tools()) {
      ObjectNode tool = tools.addObject().put("name", t.name());
      if (!t.description().isEmpty()) tool.put("description", t.description());
      try {
        tool.set("input_schema", WireJson.parse(t.parametersSchema()));
      } catch (IOException e) {
        throw new InvalidRequestException(
            "tool " + t.name() + " has an invalid parameter schema", where);
      }
    }
    if (r.toolChoice().isEmpty()) return;
    ToolChoice c = r.toolChoice().get();
    ObjectNode choice = body.putObject("tool_choice");
    switch (c.mode()) {
      case AUTO -> choice.put("type", "auto");
      case NONE -> choice.put("type", "none");
      case REQUIRED -> choice.put("type", "any");
      case TOOL -> choice.put("type", "tool").put("name", c.toolName());
    }
  }
}
