package dev.switchboard.foundry.internal.protocol;

import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import dev.switchboard.wire.internal.openai.OpenAiDialect.MaxTokensField;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * {@code model-inference}: Azure AI Model Inference (Foundry Models, serverless), {@code
 * {endpoint}/models/chat/completions?api-version=...}, or at the root of a serverless host. Extra
 * request fields need the {@code extra-parameters} header. Thread-safe.
 */
final class ModelInferenceProtocol extends OpenAiFamilyProtocol {
  /** Serverless and managed online endpoints. */
  static final String ML_SCOPE = "https://ml.azure.com/.default";

  private final String host;

  ModelInferenceProtocol(FoundryConfig config) {
    super(config, base(config));
    this.host = host(endpoint(config));
  }

  /** Serverless hosts serve the route at their root; others under {@code /models}. */
  static HttpUrl base(FoundryConfig config) {
    HttpUrl endpoint = endpoint(config);
    String path = path(endpoint);
    String host = host(endpoint);
    boolean serverless =
        host.endsWith(".models.ai.azure.com") || host.endsWith(".inference.ai.azure.com");
    return rebase(endpoint, path.endsWith("/models") || serverless ? path : path + "/models");
  }

  @Override
  HttpUrl buildChatUrl(String deployment) {
    return versioned(base.newBuilder().addPathSegments("chat/completions"));
  }

  @Override
  HttpUrl buildEmbeddingsUrl(String deployment) {
    return versioned(base.newBuilder().addPathSegment("embeddings"));
  }

  /** The spec has no user, no max_completion_tokens and no stream_options (usage comes anyway). */
  @Override
  OpenAiDialect baseDialect(String deployment) {
    return OpenAiDialect.OPENAI
        .withMaxTokensField(MaxTokensField.MAX_TOKENS)
        .withSendUser(false)
        .withStreamUsage(false);
  }

  /**
   * The final stream update carries usage unasked, so the dialect's setting says nothing about it.
   */
  @Override
  ProviderCapabilities withStreamingUsage(ProviderCapabilities c, String deployment) {
    return c;
  }

  /**
   * Without the header the service refuses fields its spec lacks; the config says pass, drop or
   * refuse.
   */
  @Override
  public void addHeaders(Request.Builder request, boolean hasExtras) {
    if (hasExtras) request.header("extra-parameters", config.extraParameters());
  }

  /**
   * Serverless and managed online endpoints take Azure ML tokens; Foundry's /models route Cognitive
   * Services ones.
   */
  @Override
  public String defaultScope() {
    boolean ml =
        host.endsWith(".models.ai.azure.com")
            || host.endsWith(".inference.ai.azure.com")
            || host.endsWith(".inference.ml.azure.com");
    return ml ? ML_SCOPE : COGNITIVE_SERVICES_SCOPE;
  }
}
