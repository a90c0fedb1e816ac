package dev.switchboard.internal.routing;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.internal.pipeline.StructuredAttempts;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.spi.ProviderCapabilities;
import java.util.ArrayList;
import java.util.List;

/**
 * What a call needs from its target, compared with what the target offers. A typed-answer call
 * needs no schema mode: a target without one gets the schema in the prompt (see {@link
 * StructuredAttempts}).
 */
final class Capabilities {
  private Capabilities() {}

  /** True if the target can serve the call; allocates nothing. */
  static boolean canServe(Call call, ProviderCapabilities caps) {
    if (call.operation() == Operation.EMBED) return caps.embeddings();
    if (!caps.chat() || (call.operation() == Operation.STREAM && !caps.streaming())) return false;
    ChatRequest r = call.chatRequest();
    ResponseFormat.Kind format = r.responseFormat().kind();
    return (r.tools().isEmpty() || caps.tools())
        && (format != ResponseFormat.Kind.JSON_SCHEMA
            || caps.jsonSchema()
            || StructuredAttempts.isStructured(call))
        && (format != ResponseFormat.Kind.JSON_OBJECT || caps.jsonObject())
        && (caps.vision() || !r.hasImages());
  }

  /** The names of the capabilities the call needs and the target lacks; empty if it can serve. */
  static List<String> missing(Call call, ProviderCapabilities caps) {
    List<String> missing = new ArrayList<>(2);
    if (call.operation() == Operation.EMBED) {
      if (!caps.embeddings()) missing.add("embeddings");
      return missing;
    }
    if (!caps.chat()) missing.add("chat");
    if (call.operation() == Operation.STREAM && !caps.streaming()) missing.add("streaming");
    ChatRequest r = call.chatRequest();
    if (!r.tools().isEmpty() && !caps.tools()) missing.add("tools");
    if (r.responseFormat().kind() == ResponseFormat.Kind.JSON_SCHEMA
        && !caps.jsonSchema()
        && !StructuredAttempts.isStructured(call)) missing.add("JSON schema output");
    if (r.responseFormat().kind() == ResponseFormat.Kind.JSON_OBJECT && !caps.jsonObject())
      missing.add("JSON object output");
    if (r.hasImages() && !caps.vision()) missing.add("images");
    return missing;
  }
}
