package dev.switchboard.local.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OpenAiCompatibleConfig;
import dev.switchboard.local.internal.CapabilityCache;
import dev.switchboard.local.internal.LocalEndpoint;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelDiscovery;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.WireResponse;
import dev.switchboard.wire.internal.openai.ChatDecoder;
import dev.switchboard.wire.internal.openai.ChatEncoder;
import dev.switchboard.wire.internal.openai.ChatStreamSource;
import dev.switchboard.wire.internal.openai.EmbeddingCodec;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import dev.switchboard.wire.internal.openai.OpenAiDialect.MaxTokensField;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The adapter for OpenAI-compatible servers (vLLM, llama.cpp, LM Studio, TGI, others): the shared
 * chat-completions codec of sdk-wire in each server's dialect, on {@code /v1}, with discovery
 * through each server's health and model endpoints. Thread-safe; one instance (and one connection
 * pool) serves all calls.
 */
public final class OpenAiCompatibleProvider implements ModelProvider, ModelDiscovery {
  private final String id;
  private final OpenAiCompatibleConfig config;
  private final LocalEndpoint endpoint;
  private final OpenAiDialect dialect;
  private final ServerProbe probe;
  private final CapabilityCache capabilities;

  public OpenAiCompatibleProvider(
      String id, OpenAiCompatibleConfig config, HttpTransport transport, LongSupplier nanoClock) {
    this.id = id;
    this.config = config;
    this.endpoint =
        new LocalEndpoint(
            id,
            config.server(),
            root(config.baseUrl()),
            config.serverLabel(),
            config.apiKey().orElse(null),
            transport,
            config.discoveryTimeout());
    this.dialect = dialect(config);
    this.probe = new ServerProbe(endpoint);
    this.capabilities =
        new CapabilityCache(
            id, config.discoverCapabilities(), config.capabilities(), this::defaults, nanoClock);
  }

  /** A provider with its own connection pool. */
  public static OpenAiCompatibleProvider create(String id, OpenAiCompatibleConfig config) {
    return new OpenAiCompatibleProvider(
        id, config, HttpTransport.create(config.limits()), System::nanoTime);
  }

  /** The server's root: the base URL without a trailing {@code /v1}. */
  static URI root(URI baseUrl) {
    String s = baseUrl.toString().replaceAll("/+$", "");
    return URI.create(s.endsWith("/v1") ? s.substring(0, s.length() - 3) : s);
  }

  /**
   * Each server's dialect (protocols.md §3 to §7). None gets {@code developer} (chat templates know
   * system), {@code user} (ignored or refused) or {@code image_url.detail} (unsupported); all get
   * {@code max_tokens} and are asked for usage in streams. vLLM gets {@code structured_outputs} for
   * the guided fields it ignores; TGI its grammar and its spec's {@code arguments} for tool
   * schemas.
   */
  static OpenAiDialect dialect(OpenAiCompatibleConfig c) {
    OpenAiDialect d =
        OpenAiDialect.OPENAI
            .withMaxTokensField(MaxTokensField.MAX_TOKENS)
            .withDeveloperRole(false)
            .withSendUser(false)
            .withImageDetail(false)
            .withStreamUsage(true);
    if (c.server() == LocalServer.VLLM) d = d.withStructuredOutputs(true);
    if (c.server() == LocalServer.TGI) {
      d =
          d.withResponseFormat(OpenAiDialect.ResponseFormatStyle.TGI_GRAMMAR)
              .withToolParametersField("arguments");
    }
    return d.withOverrides(c.streamUsage(), c.maxTokensField());
  }

  /**
   * Everything the server might do; TGI has no embeddings API; a model named like an embedding
   * model only embeds.
   */
  private ProviderCapabilities defaults(String model) {
    if (model.toLowerCase(Locale.ROOT).contains("embed") && config.server() != LocalServer.TGI) {
      return ProviderCapabilities.embeddingsOnly();
    }
    ProviderCapabilities c = ProviderCapabilities.all().withStreamingUsage(dialect.streamUsage());
    return config.server() == LocalServer.TGI ? c.withEmbeddings(false) : c;
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return capabilities.capabilities(model, m -> probe.capabilities(m, defaults(m)));
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext ctx) {
    byte[] body = ChatEncoder.encode(request, ctx.model(), false, dialect);
    WireResponse r =
        endpoint.post(endpoint.url("v1/chat/completions"), body, "application/json", ctx);
    String requestId = r.requestId();
    Map<String, String> metadata = new LinkedHashMap<>(r.metadata());
    ErrorContext at = r.where();
    JsonNode root = r.json(ctx);
    metadata.putAll(Timings.of(root.get("timings")));
    return ChatDecoder.decode(root, at)
        .serverTime(Timings.serverTime(root.get("timings")))
        .requestId(requestId)
        .metadata(metadata)
        .build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext ctx) {
    byte[] body = ChatEncoder.encode(request, ctx.model(), true, dialect);
    WireResponse r =
        endpoint.post(endpoint.url("v1/chat/completions"), body, "text/event-stream", ctx);
    return new ChatStreamSource(r, ctx, dialect);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext ctx) {
    if (config.server() == LocalServer.TGI) {
      throw new UnsupportedCapabilityException(
          "TGI serves no embeddings API (Hugging Face serves embeddings with"
              + " Text Embeddings Inference)",
          ErrorContext.of(id, ctx.model()));
    }
    byte[] body = EmbeddingCodec.encode(request, ctx.model(), dialect);
    WireResponse r = endpoint.post(endpoint.url("v1/embeddings"), body, "application/json", ctx);
    String requestId = r.requestId();
    ErrorContext at = r.where();
    return EmbeddingCodec.decode(r.json(ctx), at).requestId(requestId).build();
  }

  @Override
  public ServerStatus status() {
    return probe.status();
  }

  @Override
  public List<ServedModel> listModels() {
    return probe.listModels();
  }

  @Override
  public Optional<ProviderCapabilities> discoverCapabilities(String model) {
    return capabilities.remember(model, probe.capabilities(model, defaults(model)));
  }

  @Override
  public boolean serves(String model, List<ServedModel> served) {
    return probe.serves(model, served);
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleProvider[" + id + ", " + config.describe() + "]";
  }
}
