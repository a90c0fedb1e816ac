package dev.switchboard.spi;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Capabilities to set for one model (or {@code *} for all of a provider's models), over the
 * defaults an adapter derives or discovers. Null fields keep the default. Adapters read them from
 * the provider's {@code capabilities} config section with {@link #readAll}:
 *
 * <pre>
 * capabilities:
 *   "*":            { streaming-usage: false }
 *   "llama3.1:8b":  { vision: false, context-window: 131072 }
 * </pre>
 *
 * @param chat serves chat
 * @param streaming streams chat answers
 * @param tools calls tools
 * @param jsonObject honours a JSON-object response format
 * @param jsonSchema honours a JSON-schema response format
 * @param vision accepts images
 * @param embeddings serves embeddings
 * @param streamingUsage reports usage at the end of a stream
 * @param contextWindow context window in tokens
 * @since 0.1
 */
public record CapabilityOverride(
    Boolean chat,
    Boolean streaming,
    Boolean tools,
    Boolean jsonObject,
    Boolean jsonSchema,
    Boolean vision,
    Boolean embeddings,
    Boolean streamingUsage,
    Integer contextWindow) {

  /**
   * @throws IllegalArgumentException if the context window is negative
   */
  public CapabilityOverride {
    if (contextWindow != null && contextWindow < 0) {
      throw new IllegalArgumentException("CapabilityOverride.contextWindow: must not be negative");
    }
  }

  /** The given capabilities with this override's set fields applied. */
  public ProviderCapabilities applyTo(ProviderCapabilities c) {
    return new ProviderCapabilities(
        or(chat, c.chat()),
        or(streaming, c.streaming()),
        or(tools, c.tools()),
        or(jsonObject, c.jsonObject()),
        or(jsonSchema, c.jsonSchema()),
        or(vision, c.vision()),
        or(embeddings, c.embeddings()),
        or(streamingUsage, c.streamingUsage()),
        contextWindow == null ? c.contextWindow() : contextWindow);
  }

  /**
   * The given capabilities with the {@code *} override, then the model's own, applied.
   *
   * @param overrides overrides by model name, as {@link #readAll} returns them
   */
  public static ProviderCapabilities apply(
      Map<String, CapabilityOverride> overrides, String model, ProviderCapabilities c) {
    CapabilityOverride all = overrides.get("*");
    if (all != null) c = all.applyTo(c);
    CapabilityOverride own = overrides.get(model);
    return own == null ? c : own.applyTo(c);
  }

  /**
   * Reads a provider's {@code capabilities} section (model name to flags, kebab-case keys: {@code
   * chat}, {@code streaming}, {@code tools}, {@code json-object}, {@code json-schema}, {@code
   * vision}, {@code embeddings}, {@code streaming-usage}, {@code context-window}), reporting
   * problems through the settings. Empty when the section is absent.
   */
  public static Map<String, CapabilityOverride> readAll(ProviderSettings provider) {
    Map<String, CapabilityOverride> out = new LinkedHashMap<>();
    Optional<ProviderSettings> caps = provider.section("capabilities");
    if (caps.isEmpty()) return out;
    for (String model : caps.get().keys()) {
      Optional<ProviderSettings> c = caps.get().section(model);
      if (c.isEmpty()) continue;
      ProviderSettings m = c.get();
      Integer window = m.integer("context-window").orElse(null);
      if (window != null && window < 0) {
        m.problem("context-window", "must not be negative");
        window = null;
      }
      out.put(
          model,
          new CapabilityOverride(
              m.bool("chat").orElse(null),
              m.bool("streaming").orElse(null),
              m.bool("tools").orElse(null),
              m.bool("json-object").orElse(null),
              m.bool("json-schema").orElse(null),
              m.bool("vision").orElse(null),
              m.bool("embeddings").orElse(null),
              m.bool("streaming-usage").orElse(null),
              window));
    }
    return out;
  }

  private static boolean or(Boolean v, boolean dflt) {
    return v == null ? dflt : v;
  }
}
