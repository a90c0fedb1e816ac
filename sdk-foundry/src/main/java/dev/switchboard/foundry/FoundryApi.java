package dev.switchboard.foundry;

import java.util.Optional;

/**
 * The Foundry API family a provider speaks (config key {@code api}).
 *
 * @since 0.1
 */
public enum FoundryApi {
  /**
   * {@code {endpoint}/openai/v1/...}: OpenAI-compatible, body {@code model} = deployment, no
   * api-version. The default.
   */
  OPENAI_V1("openai-v1"),
  /**
   * {@code {endpoint}/openai/deployments/{deployment}/...?api-version=...}: classic Azure OpenAI.
   */
  AZURE_OPENAI("azure-openai"),
  /**
   * {@code {endpoint}/models/...?api-version=...}: Azure AI Model Inference (Foundry Models,
   * serverless).
   */
  MODEL_INFERENCE("model-inference"),
  /** {@code {endpoint}/anthropic/v1/messages}: Claude on Foundry, Anthropic's Messages API. */
  ANTHROPIC("anthropic");

  private final String configName;

  FoundryApi(String configName) {
    this.configName = configName;
  }

  /** The name used in config files. */
  public String configName() {
    return configName;
  }

  /** The family with the given config name. */
  public static Optional<FoundryApi> of(String configName) {
    for (FoundryApi a : values()) if (a.configName.equals(configName)) return Optional.of(a);
    return Optional.empty();
  }
}
