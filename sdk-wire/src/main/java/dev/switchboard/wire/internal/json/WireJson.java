package dev.switchboard.wire.internal.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The one Jackson setup for wire bodies: lenient reading (unknown fields ignored, vendors add
 * fields all the time) and byte-level writing through a streaming generator, so that encoding a
 * request makes no intermediate tree. Thread-safe.
 */
public final class WireJson {
  /** Lenient mapper for vendor bodies. */
  public static final ObjectMapper MAPPER =
      JsonMapper.builder(
              JsonFactory.builder()
                  // Jackson's own bounds (20 M characters a string, 1000 levels of nesting) stay:
                  // a body's size is bounded by the provider's max-response-bytes while it is read
                  // (WireResponse), a stream frame's by max-stream-line (LineReader)
                  .streamReadConstraints(StreamReadConstraints.defaults())
                  .build())
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .build();

  private WireJson() {}

  /** Writes a JSON body with the given writer; the result is UTF-8 bytes. */
  public static byte[] write(BodyWriter writer) {
    try (ByteArrayBuilder out = new ByteArrayBuilder(1024);
        JsonGenerator gen = MAPPER.getFactory().createGenerator(out)) {
      writer.write(gen);
      gen.flush();
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("writing a JSON body failed", e);
    }
  }

  /** Parses a body, or returns null if it is not JSON. */
  public static JsonNode parseOrNull(byte[] body) {
    if (body == null || body.length == 0) return null;
    try {
      return MAPPER.readTree(body);
    } catch (IOException e) {
      return null;
    }
  }

  /** Parses a body; throws on bad JSON. */
  public static JsonNode parse(InputStream in) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(in)) {
      return document(p);
    }
  }

  /** Parses a body that lies in {@code data} from {@code offset}; throws on bad JSON. */
  public static JsonNode parse(byte[] data, int offset, int length) throws IOException {
    try (JsonParser p = MAPPER.getFactory().createParser(data, offset, length)) {
      return document(p);
    }
  }

  private static JsonNode document(JsonParser p) throws IOException {
    JsonNode node = MAPPER.readTree(p);
    if (node == null || node.isMissingNode())
      throw new com.fasterxml.jackson.core.JsonParseException(p, "empty body");
    return node;
  }

  /** Parses one text frame (an SSE data line, an NDJSON line); throws on bad JSON. */
  public static JsonNode parse(String text) throws IOException {
    return MAPPER.readTree(text);
  }

  /** Text of a field, or null when missing, null or not a scalar. */
  public static String text(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    return v == null || v.isNull() || v.isContainerNode() ? null : v.asText();
  }

  /** A long field, or 0 when missing. */
  public static long number(JsonNode node, String field) {
    JsonNode v = node == null ? null : node.get(field);
    if (v == null || v.isNull()) return 0;
    return v.isNumber() ? v.asLong() : v.asLong(0);
  }

  /** Writes a JSON body. */
  @FunctionalInterface
  public interface BodyWriter {
    void write(JsonGenerator gen) throws IOException;
  }
}
