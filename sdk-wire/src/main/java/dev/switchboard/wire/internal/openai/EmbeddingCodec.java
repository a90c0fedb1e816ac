package dev.switchboard.wire.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI-style embeddings: the request body (batch input, dimensions, encoding, user, extras) and
 * the response, whose vectors come as float arrays or as base64 strings of little-endian float32.
 * Thread-safe (stateless).
 */
public final class EmbeddingCodec {
  private EmbeddingCodec() {}

  /** The body for one embedding attempt. */
  public static byte[] encode(EmbeddingRequest r, String model, OpenAiDialect d) {
    return WireJson.write(
        g -> {
          Set<String> written = new HashSet<>();
          g.writeStartObject();
          if (d.sendModel()) ChatEncoder.field(g, written, "model").writeString(model);
          ChatEncoder.field(g, written, "input").writeStartArray();
          for (String s : r.inputs()) g.writeString(s);
          g.writeEndArray();
          if (r.dimensions().isPresent())
            ChatEncoder.field(g, written, "dimensions").writeNumber(r.dimensions().getAsInt());
          if (d.base64Embeddings())
            ChatEncoder.field(g, written, "encoding_format").writeString("base64");
          if (d.sendUser() && r.endUser().isPresent())
            ChatEncoder.field(g, written, "user").writeString(r.endUser().get());
          ChatEncoder.extras(g, written, r.extras());
          g.writeEndObject();
        });
  }

  /**
   * Decodes a response; the caller adds request ids and metadata.
   *
   * @throws DecodingException if a vector is missing or malformed
   */
  public static EmbeddingResponse.Builder decode(JsonNode root, ErrorContext where) {
    JsonNode data = root.get("data");
    if (data == null || !data.isArray())
      throw new DecodingException("the embedding response has no data", where);
    List<Embedding> out = new ArrayList<>(data.size());
    int position = 0;
    for (JsonNode item : data) {
      int index = item.has("index") ? item.get("index").asInt(position) : position;
      out.add(new Embedding(index, vector(item.get("embedding"), where)));
      position++;
    }
    JsonNode u = root.get("usage");
    long prompt = WireJson.number(u, "prompt_tokens");
    EmbeddingResponse.Builder b =
        EmbeddingResponse.builder().embeddings(out).usage(Usage.of(Math.max(0, prompt), 0));
    String model = WireJson.text(root, "model");
    if (model != null && !model.isEmpty()) b.model(model);
    return b;
  }

  /** A vector from a float array or a base64 string of little-endian float32. */
  public static float[] vector(JsonNode v, ErrorContext where) {
    if (v != null && v.isArray()) {
      float[] out = new float[v.size()];
      for (int i = 0; i < out.length; i++) {
        JsonNode x = v.get(i);
        if (!x.isNumber()) throw new DecodingException("an embedding holds a non-number", where);
        out[i] = x.floatValue();
      }
      return out;
    }
    if (v != null && v.isTextual()) return base64(v.asText(), where);
    throw new DecodingException("an embedding is neither a float array nor base64", where);
  }

  static float[] base64(String text, ErrorContext where) {
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(text);
    } catch (IllegalArgumentException e) {
      throw new DecodingException("a base64 embedding is not valid base64", where, e);
    }
    if (bytes.length % 4 != 0)
      throw new DecodingException("a base64 embedding is not a whole number of float32s", where);
    FloatBuffer fb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer();
    float[] out = new float[fb.remaining()];
    fb.get(out);
    return out;
  }
}
