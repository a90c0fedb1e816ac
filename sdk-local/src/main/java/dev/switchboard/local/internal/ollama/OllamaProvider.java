package dev.switchboard.local.internal.ollama;

import com.fasterxml.jackson.databind.JsonNode;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OllamaConfig;
import dev.switchboard.local.internal.CapabilityCache;
import dev.switchboard.local.internal.LocalEndpoint;
import dev.switchboard.local.internal.Statuses;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelDiscovery;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.HttpTransport;
import dev.switchboard.wire.internal.http.WireResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The Ollama adapter, native API: {@code /api/chat} (whole or NDJSON stream), {@code /api/embed}
 * (one request per batch), and discovery through {@code /api/version}, {@code /api/tags} and {@code
 * /api/show}. Thread-safe; one instance (and one connection pool) serves all calls.
 */
public final class OllamaProvider implements ModelProvider, ModelDiscovery {
  private static final String NDJSON = "application/x-ndjson";
  private static final String JSON = "application/json";

  private final String id;
  private final OllamaConfig config;
  private final LocalEndpoint endpoint;
  private final CapabilityCache capabilities;

  public OllamaProvider(
      String id, OllamaConfig config, HttpTransport transport, LongSupplier nanoClock) {
    this.id = id;
    this.config = config;
    this.endpoint =
        new LocalEndpoint(
            id,
            LocalServer.OLLAMA,
            config.baseUrl(),
            config.serverLabel(),
            config.apiKey().orElse(null),
            transport,
            config.discoveryTimeout());
    this.capabilities =
        new CapabilityCache(
            id,
            config.discoverCapabilities(),
            config.capabilities(),
            OllamaProvider::defaults,
            nanoClock);
  }

  /** A provider with its own connection pool. */
  public static OllamaProvider create(String id, OllamaConfig config) {
    return new OllamaProvider(
        id,
        config,
        HttpTransport.create(config.limits(), config.maxConnections()),
        System::nanoTime);
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

  /**
   * Without discovery: everything, except that a model named like an embedding model only embeds.
   */
  static ProviderCapabilities defaults(String model) {
    return model.toLowerCase(Locale.ROOT).contains("embed")
        ? ProviderCapabilities.embeddingsOnly()
        : ProviderCapabilities.all();
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return capabilities.capabilities(model, this::probe);
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = OllamaEncoder.chat(request, ctx.model(), false, config, where);
    WireResponse r = endpoint.post(endpoint.url("api/chat"), body, JSON, ctx);
    String requestId = r.requestId();
    Map<String, String> headers = r.metadata();
    ErrorContext at = r.where();
    OllamaWire.ChatChunk c = r.read(ctx, OllamaWire.ChatChunk.class);
    ChatResponse.Builder b = OllamaDecoder.decode(c, at);
    Map<String, String> metadata = new LinkedHashMap<>(headers);
    metadata.putAll(OllamaDecoder.metadata(c));
    return b.requestId(requestId).metadata(metadata).build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext ctx) {
    ErrorContext where = ErrorContext.of(id, ctx.model());
    byte[] body = OllamaEncoder.chat(request, ctx.model(), true, config, where);
    return new OllamaStreamSource(endpoint.post(endpoint.url("api/chat"), body, NDJSON, ctx), ctx);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext ctx) {
    byte[] body = OllamaEncoder.embed(request, ctx.model(), config);
    WireResponse r = endpoint.post(endpoint.url("api/embed"), body, JSON, ctx);
    String requestId = r.requestId();
    ErrorContext at = r.where();
    OllamaWire.EmbedResponse e = r.read(ctx, OllamaWire.EmbedResponse.class);
    List<float[]> vectors = e.embeddings() == null ? List.of() : e.embeddings();
    if (vectors.size() != request.inputs().size()) {
      throw new DecodingException(
          "the server returned "
              + vectors.size()
              + " vectors for "
              + request.inputs().size()
              + " inputs",
          at);
    }
    List<Embedding> out = new ArrayList<>(vectors.size());
    for (int i = 0; i < vectors.size(); i++) {
      if (vectors.get(i) == null) throw new DecodingException("vector " + i + " is missing", at);
      out.add(new Embedding(i, vectors.get(i)));
    }
    long tokens = e.promptEvalCount() == null ? 0 : Math.max(0, e.promptEvalCount());
    EmbeddingResponse.Builder b =
        EmbeddingResponse.builder()
            .embeddings(out)
            .usage(Usage.of(tokens, 0))
            .serverTime(OllamaDecoder.serverTime(e.totalDuration()))
            .requestId(requestId);
    if (e.model() != null && !e.model().isEmpty()) b.model(e.model());
    Map<String, String> timings = new LinkedHashMap<>();
    OllamaDecoder.putMillis(timings, OllamaDecoder.SERVER_TIME_MS, e.totalDuration());
    OllamaDecoder.putMillis(timings, OllamaDecoder.LOAD_TIME_MS, e.loadDuration());
    timings.forEach(b::putMetadata);
    return b.build();
  }

  @Override
  public ServerStatus status() {
    try {
      OllamaWire.Version v =
          endpoint.convert(endpoint.getJson("api/version", null), OllamaWire.Version.class, null);
      return ServerStatus.up(v.version());
    } catch (SwitchboardException e) {
      return Statuses.of(e, false);
    }
  }

  @Override
  public List<ServedModel> listModels() {
    OllamaWire.Tags tags =
        endpoint.convert(endpoint.getJson("api/tags", null), OllamaWire.Tags.class, null);
    List<ServedModel> out = new ArrayList<>();
    if (tags.models() == null) return out;
    for (OllamaWire.TagEntry t : tags.models()) {
      String name = t.name() != null ? t.name() : t.model();
      if (name == null || name.isBlank()) continue;
      Map<String, String> details = new LinkedHashMap<>();
      if (t.details() != null) {
        put(details, "family", t.details().family());
        put(details, "parameters", t.details().parameterSize());
        put(details, "quantization", t.details().quantizationLevel());
        put(details, "format", t.details().format());
      }
      if (t.size() != null)
        details.put("size", String.format(Locale.ROOT, "%.1f GB", t.size() / 1e9));
      out.add(new ServedModel(name, details));
    }
    return out;
  }

  @Override
  public Optional<ProviderCapabilities> discoverCapabilities(String model) {
    return capabilities.remember(model, probe(model));
  }

  /** Ollama names without a tag mean {@code :latest}. */
  @Override
  public boolean serves(String model, List<ServedModel> served) {
    String wanted = withTag(model);
    for (ServedModel m : served) {
      if (withTag(m.name()).equals(wanted)) return true;
    }
    return false;
  }

  static String withTag(String name) {
    int slash = name.lastIndexOf('/');
    return name.indexOf(':', slash + 1) < 0 ? name + ":latest" : name;
  }

  /**
   * Asks {@code /api/show}; empty if the model is not pulled or the server reports no capabilities.
   */
  private Optional<ProviderCapabilities> probe(String model) {
    JsonNode root;
    try {
      root = endpoint.postJson("api/show", OllamaEncoder.show(model), model);
    } catch (InvalidRequestException e) {
      if (e.statusCode() == 404) return Optional.empty();
      throw e;
    }
    return OllamaCapabilities.of(endpoint.convert(root, OllamaWire.Show.class, model));
  }

  private static void put(Map<String, String> m, String k, String v) {
    if (v != null && !v.isBlank()) m.put(k, v);
  }

  @Override
  public void close() {
    endpoint.close();
  }

  @Override
  public String toString() {
    return "OllamaProvider[" + id + ", " + config.describe() + "]";
  }
}
