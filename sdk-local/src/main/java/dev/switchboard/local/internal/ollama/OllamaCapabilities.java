package dev.switchboard.local.internal.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.spi.ProviderCapabilities;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code /api/show} says a model can do: {@code completion} (chat, streaming and the {@code
 * format} constraint, which Ollama applies to every completion model), {@code tools}, {@code
 * vision}; and its context window from {@code model_info["<architecture>.context_length"]}. {@code
 * /api/embed} takes any model (embedding models are those without {@code completion}), so
 * embeddings are always on.
 */
final class OllamaCapabilities {
  private OllamaCapabilities() {}

  /** The capabilities, or empty for servers too old to list them. */
  static Optional<ProviderCapabilities> of(OllamaWire.Show show) {
    List<String> caps = show.capabilities();
    if (caps == null) return Optional.empty();
    boolean chat = caps.contains("completion");
    return Optional.of(
        new ProviderCapabilities(
            chat,
            chat,
            chat && caps.contains("tools"),
            chat,
            chat,
            chat && caps.contains("vision"),
            true,
            chat,
            contextLength(show.modelInfo())));
  }

  /**
   * {@code <general.architecture>.context_length}, else any {@code *.context_length}; 0 if none.
   */
  static int contextLength(JsonNode info) {
    if (info == null || !info.isObject()) return 0;
    JsonNode arch = info.get("general.architecture");
    if (arch != null && arch.isTextual()) {
      JsonNode n = info.get(arch.asText() + ".context_length");
      if (n != null && n.canConvertToInt()) return n.asInt();
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = info.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().endsWith(".context_length") && e.getValue().canConvertToInt())
        return e.getValue().asInt();
    }
    return 0;
  }
}
