package dev.switchboard.mock.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * The mock's Jackson use: reading JSON Schemas and writing scripted tool arguments. Its own
 * mapper, not the core's internal one, so that the mock depends on the core's public API only.
 * Not API.
 */
public final class Json {
  private static final ObjectMapper MAPPER = JsonMapper.builder().build();

  private Json() {}

  /** Parses JSON text, or returns null if it is not valid JSON. */
  public static JsonNode parseOrNull(String text) {
    if (text == null) return null;
    try {
      return MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** Writes a value (a tree, or maps and lists from a config file) as JSON text. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value cannot be written as JSON: " + e.getOriginalMessage(), e);
    }
  }
}
