package dev.switchboard.local.internal.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolChoice;
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
import java.util.ArrayList;
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
        id,
        config,
        HttpTransport.create(config.limits(), config.maxConnections()),
        System::nanoTime);
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
   * schemas; llama.cpp a schema with {@code json_object}, which it ignores alone.
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
    if (c.server() == LocalServer.LLAMA_CPP) {
      d = d.withResponseFormat(OpenAiDialect.ResponseFormatStyle.OPENAI_OBJECT_SCHEMA);
    }
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
  public java.util.Optional<java.net.URI> endpoint() {
    // The configured URL, or the vendor default the config resolved to.
    return java.util.Optional.of(config.baseUrl());
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
    byte[] body = ChatEncoder.encode(forServer(request), ctx.model(), false, dialect);
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
    byte[] body = ChatEncoder.encode(forServer(request), ctx.model(), true, dialect);
    WireResponse r =
        endpoint.post(endpoint.url("v1/chat/completions"), body, "text/event-stream", ctx);
    // llama.cpp sends timings in its last chunk: the server time GPU-second pricing reads
    return new ChatStreamSource(
        r,
        ctx,
        dialect,
        (timings, b) -> {
          Map<String, String> metadata = new LinkedHashMap<>(r.metadata());
          metadata.putAll(Timings.of(timings));
          b.serverTime(Timings.serverTime(timings)).metadata(metadata);
        });
  }

  /**
   * llama.cpp takes only {@code auto}, {@code none} or {@code required} as tool choice and falls
   * back to auto for OpenAI's named form, so a named tool would silently be optional: it gets only
   * that tool, required (as Ollama gets only that tool).
   */
  private ChatRequest forServer(ChatRequest r) {
    ToolChoice choice = r.toolChoice().orElse(null);
    if (config.server() != LocalServer.LLAMA_CPP
        || choice == null
        || choice.mode() != ToolChoice.Mode.TOOL) {
      return r;
    }
    List<Tool> named = new ArrayList<>(1);
    for (Tool t : r.tools()) if (t.name().equals(choice.toolName())) named.add(t);
    return r.toBuilder().tools(named).toolChoice(ToolChoice.required()).build();
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
    EmbeddingResponse out = EmbeddingCodec.decode(r.json(ctx), at).requestId(requestId).build();
    if (request.dimensions().isPresent()) {
      // llama.cpp (and others) ignore dimensions; vectors of another length would go on silently
      int asked = request.dimensions().getAsInt();
      for (var e : out.embeddings()) {
        if (e.dimensions() != asked) {
          throw new UnsupportedCapabilityException(
              "the "
                  + config.serverLabel()
                  + " cannot shorten embeddings: asked for "
                  + asked
                  + " dimensions, it answered "
                  + e.dimensions()
                  + " (leave dimensions out)",
              at);
        }
      }
    }
    return out;
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
