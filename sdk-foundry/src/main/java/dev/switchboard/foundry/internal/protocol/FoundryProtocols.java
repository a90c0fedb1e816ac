package dev.switchboard.foundry.internal.protocol;

import dev.switchboard.foundry.FoundryApi;
import dev.switchboard.foundry.FoundryConfig;
import java.util.Optional;
import java.util.function.Function;

/**
 * The one place a {@link FoundryApi} value is turned into behaviour: each family's protocol and its
 * default {@code api-version}. Everything else asks the protocol object.
 */
public final class FoundryProtocols {
  private FoundryProtocols() {}

  /** The protocol of the config's family, bound to its endpoint and settings. */
  public static FoundryProtocol create(FoundryConfig config) {
    return family(config.api()).create().apply(config);
  }

  /**
   * The {@code api-version} a family uses when the config sets none; empty for unversioned
   * families.
   */
  public static Optional<String> defaultApiVersion(FoundryApi api) {
    return Optional.ofNullable(family(api).defaultApiVersion());
  }

  private static Family family(FoundryApi api) {
    return switch (api) {
      case OPENAI_V1 -> new Family(null, OpenAiV1Protocol::new);
      case AZURE_OPENAI ->
          new Family(FoundryConfig.DEFAULT_AZURE_OPENAI_VERSION, AzureOpenAiProtocol::new);
      case MODEL_INFERENCE ->
          new Family(FoundryConfig.DEFAULT_MODEL_INFERENCE_VERSION, ModelInferenceProtocol::new);
      case ANTHROPIC -> new Family(null, AnthropicProtocol::new);
    };
  }

  /**
   * What is known of a family before a config exists (its default version) and how to bind it to
   * one.
   */
  private record Family(
      String defaultApiVersion, Function<FoundryConfig, FoundryProtocol> create) {}
}
