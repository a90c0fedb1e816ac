package dev.switchboard.foundry.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.foundry.FoundryAuth;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.SchemaMode;
import dev.switchboard.wire.internal.anthropic.AnthropicDecoder;
import dev.switchboard.wire.internal.anthropic.AnthropicEncoder;
import dev.switchboard.wire.internal.anthropic.AnthropicStreamSource;
import dev.switchboard.wire.internal.http.WireResponse;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * {@code anthropic}: Claude on Foundry in Anthropic's Messages API, {@code
 * {resource}/anthropic/v1/messages} (protocols.md §1.11): sdk-wire's Anthropic codec, {@code
 * anthropic-version} and {@code anthropic-beta} headers, the key in {@code x-api-key}, {@code
 * ai.azure.com} tokens, and no embeddings. Thread-safe.
 */
final class AnthropicProtocol extends BaseProtocol {
  /** Claude on Foundry (Anthropic's current documentation). */
  static final String AI_AZURE_SCOPE = "https://ai.azure.com/.default";

  /** Structured outputs are refused on Azure-hosted Claude deployments (protocols.md 1.11.1). */
  private static final ProviderCapabilities CLAUDE =
      new ProviderCapabilities(true, true, true, false, false, true, false, true, 200_000);

  /** The {@code anthropic-beta} value, or null to send none. */
  private final String beta;

  AnthropicProtocol(FoundryConfig config) {
    super(config, base(config));
    this.beta = config.anthropicBeta().isEmpty() ? null : String.join(",", config.anthropicBeta());
  }

  /**
   * Accepts the resource root, a project endpoint, {@code .../anthropic}, or the full {@code
   * .../v1/messages} URL.
   */
  static HttpUrl base(FoundryConfig config) {
    HttpUrl endpoint = endpoint(config);
    String path = strip(strip(path(endpoint), "/v1/messages"), "/v1");
    path =
        path.replaceFirst(
            "/api/projects/[^/]+$", ""); // a project endpoint: back to the resource root
    return rebase(endpoint, path.endsWith("/anthropic") ? path : path + "/anthropic");
  }

  @Override
  HttpUrl buildChatUrl(String deployment) {
    return base.newBuilder().addPathSegments("v1/messages").build();
  }

  @Override
  HttpUrl buildEmbeddingsUrl(String deployment) {
    throw new IllegalStateException("the anthropic API has no embeddings");
  }

  @Override
  ProviderCapabilities defaultCapabilities(String deployment) {
    return CLAUDE;
  }

  /**
   * A forced tool: Claude calls tools reliably, and its own structured outputs are refused on
   * Azure-hosted deployments (protocols.md 1.11.1), so the codec sends no output format at all. A
   * deployment configured without tools falls back to the prompt.
   */
  @Override
  public SchemaMode schemaMode(String deployment) {
    return capabilities(deployment).tools() ? SchemaMode.FORCED_TOOL : SchemaMode.PROMPT;
  }

  @Override
  public void addHeaders(Request.Builder request, boolean hasExtras) {
    request.header("anthropic-version", config.anthropicVersion());
    if (beta != null) request.header("anthropic-beta", beta);
  }

  @Override
  public FoundryAuth.KeyHeader defaultKeyHeader() {
    return FoundryAuth.KeyHeader.X_API_KEY;
  }

  @Override
  public String defaultScope() {
    return AI_AZURE_SCOPE;
  }

  @Override
  public byte[] encodeChat(
      ChatRequest request, String deployment, boolean stream, ErrorContext where) {
    return AnthropicEncoder.encode(request, deployment, stream, config.defaultMaxTokens(), where);
  }

  @Override
  public ChatResponse.Builder decodeChat(JsonNode root, ErrorContext where) {
    return AnthropicDecoder.decode(root, where);
  }

  @Override
  public ChatEventSource streamSource(WireResponse response, AttemptContext ctx) {
    return new AnthropicStreamSource(response, ctx);
  }

  @Override
  public byte[] encodeEmbeddings(EmbeddingRequest request, String deployment, ErrorContext where) {
    throw new UnsupportedCapabilityException("Claude on Foundry has no embeddings API", where);
  }

  @Override
  public EmbeddingResponse.Builder decodeEmbeddings(JsonNode root, ErrorContext where) {
    throw new IllegalStateException("the anthropic API has no embeddings");
  }
}
