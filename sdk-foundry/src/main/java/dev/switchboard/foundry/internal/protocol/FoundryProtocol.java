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
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.SchemaMode;
import dev.switchboard.wire.internal.http.WireResponse;
import okhttp3.HttpUrl;
import okhttp3.Request;

/**
 * Everything one Foundry API family does differently, for one provider's config: its URLs, its own
 * headers and default auth shape, its body codec and stream reader, and what its deployments can
 * do. The provider holds one and never asks which family it speaks, so a new family is one new
 * implementation plus one line in {@link FoundryProtocols}.
 *
 * <p>Implementations are immutable apart from caches and thread-safe; get one from {@link
 * FoundryProtocols#create}.
 */
public interface FoundryProtocol {

  /** The chat URL for a deployment, with the {@code api-version} query where the family has one. */
  HttpUrl chatUrl(String deployment);

  /**
   * The URL a streamed chat goes to; every family today streams on its chat route with {@code
   * stream: true}.
   */
  default HttpUrl streamUrl(String deployment) {
    return chatUrl(deployment);
  }

  /**
   * The embeddings URL for a deployment.
   *
   * @throws IllegalStateException for a family without embeddings ({@link #encodeEmbeddings}
   *     refuses first)
   */
  HttpUrl embeddingsUrl(String deployment);

  /**
   * Adds the family's own headers to a request (version and beta headers, Model Inference's {@code
   * extra-parameters}); auth and request ids are added by the provider.
   *
   * @param hasExtras true when the request carries provider-specific extra fields
   */
  void addHeaders(Request.Builder request, boolean hasExtras);

  /** The header an API key goes in when the config names none. */
  FoundryAuth.KeyHeader defaultKeyHeader();

  /** The Entra scope to ask tokens for when the config names none. */
  String defaultScope();

  /** The chat body for one attempt. */
  byte[] encodeChat(ChatRequest request, String deployment, boolean stream, ErrorContext where);

  /** Reads a whole chat answer; the caller adds the request id and metadata. */
  ChatResponse.Builder decodeChat(JsonNode root, ErrorContext where);

  /** Reads a streamed chat answer from a successful response. */
  ChatEventSource streamSource(WireResponse response, AttemptContext ctx);

  /**
   * The embeddings body for one attempt.
   *
   * @throws UnsupportedCapabilityException for a family without embeddings, before anything is sent
   */
  byte[] encodeEmbeddings(EmbeddingRequest request, String deployment, ErrorContext where);

  /** Reads an embeddings answer; the caller adds the request id and metadata. */
  EmbeddingResponse.Builder decodeEmbeddings(JsonNode root, ErrorContext where);

  /**
   * What a deployment can do: the family's defaults, then the config's {@code *} override, then its
   * own.
   */
  ProviderCapabilities capabilities(String deployment);

  /**
   * How a deployment is asked for a schema-shaped answer: its JSON-schema response format where it
   * has one, else JSON mode and the schema in the prompt.
   */
  default SchemaMode schemaMode(String deployment) {
    return capabilities(deployment).jsonSchema() ? SchemaMode.NATIVE : SchemaMode.PROMPT;
  }
}
