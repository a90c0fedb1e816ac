package dev.switchboard.foundry;

import dev.switchboard.spi.ProviderCapabilities;

/**
 * Capabilities to set for one deployment (or {@code *} for all), over the defaults Switchboard
 * derives from the API family and the deployment's name (config {@code capabilities}). Null
 * fields keep the default.
 *
 * @since 0.1
 */
public record CapabilityOverride(Boolean chat, Boolean streaming, Boolean tools, Boolean jsonObject, Boolean jsonSchema,
    Boolean vision, Boolean embeddings, Boolean streamingUsage, Integer contextWindow) {

  public CapabilityOverride {
    if (contextWindow != null && contextWindow < 0) {
      throw new IllegalArgumentException("CapabilityOverride.contextWindow: must not be negative");
    }
  }

  /** The given capabilities with this override's set fields applied. */
  public ProviderCapabilities applyTo(ProviderCapabilities c) {
    return new ProviderCapabilities(or(chat, c.chat()), or(streaming, c.streaming()), or(tools, c.tools()),
        or(jsonObject, c.jsonObject()), or(jsonSchema, c.jsonSchema()), or(vision, c.vision()),
        or(embeddings, c.embeddings()), or(streamingUsage, c.streamingUsage()),
        contextWindow == null ? c.contextWindow() : contextWindow);
  }

  private static boolean or(Boolean v, boolean dflt) {
    return v == null ? dflt : v;
  }
}
