package dev.switchboard.foundry.internal.protocol;

import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import okhttp3.HttpUrl;

/**
 * {@code openai-v1}: {@code {endpoint}/openai/v1/chat/completions} and {@code .../embeddings},
 * OpenAI's own dialect (the deployment as {@code model}, no {@code api-version}). Thread-safe.
 */
final class OpenAiV1Protocol extends OpenAiFamilyProtocol {

  OpenAiV1Protocol(FoundryConfig config) {
    super(config, base(config));
  }

  /** Accepts the resource root, {@code .../openai} or {@code .../openai/v1}. */
  static HttpUrl base(FoundryConfig config) {
    HttpUrl endpoint = endpoint(config);
    return rebase(endpoint, strip(strip(path(endpoint), "/openai/v1"), "/openai") + "/openai/v1");
  }

  @Override
  HttpUrl buildChatUrl(String deployment) {
    return base.newBuilder().addPathSegments("chat/completions").build();
  }

  @Override
  HttpUrl buildEmbeddingsUrl(String deployment) {
    return base.newBuilder().addPathSegment("embeddings").build();
  }

  @Override
  OpenAiDialect baseDialect(String deployment) {
    return OpenAiDialect.OPENAI;
  }
}
