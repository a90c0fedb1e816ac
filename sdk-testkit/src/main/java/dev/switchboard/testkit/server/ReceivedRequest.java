package dev.switchboard.testkit.server;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A request exactly as the vendor's server received it: what left the process. Header names are
 * lower case.
 *
 * @param method the HTTP method
 * @param path the path, without the query
 * @param query the query parameters (first value of each)
 * @param headers the headers (first value of each), names in lower case
 * @param body the body as text
 */
public record ReceivedRequest(
    String method,
    String path,
    Map<String, String> query,
    Map<String, String> headers,
    String body) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public ReceivedRequest {
    query = Map.copyOf(query);
    headers = Map.copyOf(headers);
  }

  /** A header's value, by case-insensitive name. */
  public Optional<String> header(String name) {
    return Optional.ofNullable(headers.get(name.toLowerCase(java.util.Locale.ROOT)));
  }

  /**
   * A value of the JSON body at an RFC 6901 pointer ({@code /messages/0/content}), as text (a
   * scalar's value, or the JSON of an object or array), or empty if absent.
   *
   * @throws IllegalStateException if the body is not JSON
   */
  public Optional<String> json(String pointer) {
    JsonNode node = tree().at(JsonPointer.compile(pointer));
    if (node.isMissingNode() || node.isNull()) return Optional.empty();
    return Optional.of(node.isValueNode() ? node.asText() : node.toString());
  }

  /** The text of every message of a chat request ({@code messages[].content} as text), in order. */
  public List<String> messageTexts() {
    JsonNode messages = tree().path("messages");
    java.util.ArrayList<String> out = new java.util.ArrayList<>();
    for (JsonNode m : messages) {
      JsonNode c = m.path("content");
      if (c.isTextual()) out.add(c.asText());
      else if (c.isArray()) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode part : c) if (part.has("text")) sb.append(part.path("text").asText());
        out.add(sb.toString());
      }
    }
    JsonNode system = tree().path("system"); // Anthropic's top-level system prompt
    if (system.isTextual()) out.add(0, system.asText());
    return out;
  }

  /** Whether the request asked for a stream ({@code "stream": true}). */
  public boolean streamed() {
    return body.contains("\"stream\"") && tree().path("stream").asBoolean(false);
  }

  private JsonNode tree() {
    try {
      return JSON.readTree(body);
    } catch (java.io.IOException e) {
      throw new IllegalStateException(
          "the body of " + method + " " + path + " is not JSON (" + body.length() + " chars)", e);
    }
  }

  /** Method, path and body size only: a body can hold test patient text. */
  @Override
  public String toString() {
    return method + " " + path + " (" + body.length() + " chars)";
  }
}
