package dev.switchboard.foundry.internal.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.foundry.FoundryAuth;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.openai.ChatDecoder;
import dev.switchboard.wire.internal.openai.ChatEncoder;
import dev.switchboard.wire.internal.openai.ChatStreamSource;
import dev.switchboard.wire.internal.openai.EmbeddingCodec;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * The three families that speak OpenAI chat completions (openai-v1, azure-openai, model-inference):
 * sdk-wire's OpenAI codec in a dialect chosen per deployment, the key in {@code api-key}, Cognitive
 * Services tokens. Subclasses give the URLs and the dialect. Thread-safe.
 */
abstract class OpenAiFamilyProtocol extends BaseProtocol {
  private final ConcurrentHashMap<String, OpenAiDialect> dialects = new ConcurrentHashMap<>();

  OpenAiFamilyProtocol(FoundryConfig config, HttpUrl base) {
    super(config, base);
  }

  /**
   * The family's dialect for a deployment, before the config's {@code stream-usage} and {@code
   * max-tokens-field}.
   */
  abstract OpenAiDialect baseDialect(String deployment);

  /** The dialect for a deployment, config overrides applied. */
  final OpenAiDialect dialect(String deployment) {
    OpenAiDialect d = dialects.get(deployment);
    return d != null
        ? d
        : dialects.computeIfAbsent(
            deployment,
            x -> baseDialect(x).withOverrides(config.streamUsage(), config.maxTokensField()));
  }

  @Override
  public void addHeaders(Request.Builder request, boolean hasExtras) {
    // the OpenAI families need nothing beyond auth and the api-version query
  }

  @Override
  public FoundryAuth.KeyHeader defaultKeyHeader() {
    return FoundryAuth.KeyHeader.API_KEY;
  }

  @Override
  public String defaultScope() {
    return COGNITIVE_SERVICES_SCOPE;
  }

  @Override
  public byte[] encodeChat(
      ChatRequest request, String deployment, boolean stream, ErrorContext where) {
    return ChatEncoder.encode(request, deployment, stream, dialect(deployment));
  }

  @Override
  public ChatResponse.Builder decodeChat(JsonNode root, ErrorContext where) {
    return ChatDecoder.decode(root, where);
  }

  @Override
  public ChatEventSource streamSource(WireResponse response, AttemptContext ctx) {
    return new ChatStreamSource(response, ctx, dialect(ctx.model()));
  }

  @Override
  public byte[] encodeEmbeddings(EmbeddingRequest request, String deployment, ErrorContext where) {
    return EmbeddingCodec.encode(request, deployment, dialect(deployment));
  }

  @Override
  public EmbeddingResponse.Builder decodeEmbeddings(JsonNode root, ErrorContext where) {
    return EmbeddingCodec.decode(root, where);
  }

  /**
   * Deployment names say little, so unknown ones may do anything and the service decides; only
   * embedding deployments (named so) and GPT-3.5 (no vision, no JSON schema) are narrowed.
   */
  @Override
  final ProviderCapabilities defaultCapabilities(String deployment) {
    String d = deployment.toLowerCase(Locale.ROOT);
    if (d.contains("embed")) return ProviderCapabilities.embeddingsOnly();
    ProviderCapabilities c = ProviderCapabilities.all();
    if (d.startsWith("gpt-35") || d.startsWith("gpt-3.5"))
      c = c.withVision(false).withJsonSchema(false);
    return withStreamingUsage(c, deployment);
  }

  /**
   * Streams carry usage when the dialect asks for it; a family whose streams always carry it
   * overrides this.
   */
  ProviderCapabilities withStreamingUsage(ProviderCapabilities c, String deployment) {
    return c.withStreamingUsage(dialect(deployment).streamUsage());
  }
}
