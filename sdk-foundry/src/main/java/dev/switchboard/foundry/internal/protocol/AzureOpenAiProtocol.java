package dev.switchboard.foundry.internal.protocol;

import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import dev.switchboard.wire.internal.openai.OpenAiDialect.MaxTokensField;
import java.util.Locale;
import okhttp3.HttpUrl;

/**
 * {@code azure-openai}: classic Azure OpenAI, {@code
 * {endpoint}/openai/deployments/{deployment}/...?api-version=...}. The deployment is in the URL,
 * not the body; newer fields only on the preview versions that have them; reasoning deployments get
 * {@code max_completion_tokens}. Thread-safe.
 */
final class AzureOpenAiProtocol extends OpenAiFamilyProtocol {

  AzureOpenAiProtocol(FoundryConfig config) {
    super(config, base(config));
  }

  /** Accepts the resource root or {@code .../openai}. */
  static HttpUrl base(FoundryConfig config) {
    HttpUrl endpoint = endpoint(config);
    return rebase(endpoint, strip(path(endpoint), "/openai") + "/openai");
  }

  @Override
  HttpUrl buildChatUrl(String deployment) {
    return versioned(
        base.newBuilder()
            .addPathSegment("deployments")
            .addPathSegment(deployment)
            .addPathSegments("chat/completions"));
  }

  @Override
  HttpUrl buildEmbeddingsUrl(String deployment) {
    return versioned(
        base.newBuilder()
            .addPathSegment("deployments")
            .addPathSegment(deployment)
            .addPathSegment("embeddings"));
  }

  @Override
  OpenAiDialect baseDialect(String deployment) {
    return OpenAiDialect.OPENAI
        .withSendModel(false)
        .withMaxTokensField(
            isReasoning(deployment)
                ? MaxTokensField.MAX_COMPLETION_TOKENS
                : MaxTokensField.MAX_TOKENS)
        .withDeveloperRole(previewAtLeast("2024-12-01"))
        .withStreamUsage(previewAtLeast("2024-09-01"));
  }

  /**
   * True for a preview api-version on or after the given date; GA versions lack the preview
   * features.
   */
  private boolean previewAtLeast(String date) {
    String v = config.apiVersion().orElse("");
    return v.endsWith("-preview") && v.compareTo(date) >= 0;
  }

  /** Reasoning (o-series, gpt-5) deployments reject max_tokens; judged by the deployment name. */
  static boolean isReasoning(String deployment) {
    String d = deployment.toLowerCase(Locale.ROOT);
    return d.matches("^(o1|o3|o4|gpt-5|codex).*");
  }
}
