package dev.switchboard.foundry.internal;

import dev.switchboard.foundry.FoundryApi;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.wire.internal.openai.OpenAiDialect;
import dev.switchboard.wire.internal.openai.OpenAiDialect.MaxTokensField;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * What differs between the four API families: the URLs (from a normalized endpoint), the OpenAI
 * dialect (per deployment and api-version), and default capabilities. Thread-safe.
 */
public final class Family {
  private final FoundryConfig config;
  private final FoundryApi api;
  private final HttpUrl base;
  private final ConcurrentHashMap<String, OpenAiDialect> dialects = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ProviderCapabilities> capabilities = new ConcurrentHashMap<>();
  /** Built URLs by deployment: building an HttpUrl per call showed in the benchmark's CPU profile. */
  private final ConcurrentHashMap<String, HttpUrl> chatUrls = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, HttpUrl> embeddingUrls = new ConcurrentHashMap<>();

  public Family(FoundryConfig config) {
    this.config = config;
    this.api = config.api();
    this.base = base(config);
  }

  /** The family's base URL: {@code .../openai/v1}, {@code .../openai}, {@code .../models} or {@code .../anthropic}. */
  static HttpUrl base(FoundryConfig config) {
    HttpUrl endpoint = HttpUrl.get(config.endpoint().toString());
    String path = endpoint.encodedPath().replaceAll("/+$", "");
    String host = endpoint.host().toLowerCase(Locale.ROOT);
    switch (config.api()) {
      case OPENAI_V1:
        path = strip(strip(path, "/openai/v1"), "/openai") + "/openai/v1";
        break;
      case AZURE_OPENAI:
        path = strip(path, "/openai") + "/openai";
        break;
      case MODEL_INFERENCE:
        boolean serverless = host.endsWith(".models.ai.azure.com") || host.endsWith(".inference.ai.azure.com");
        if (!path.endsWith("/models") && !serverless) path = path + "/models";
        break;
      case ANTHROPIC:
        path = strip(strip(path, "/v1/messages"), "/v1");
        path = path.replaceFirst("/api/projects/[^/]+$", ""); // a project endpoint: back to the resource root
        if (!path.endsWith("/anthropic")) path = path + "/anthropic";
        break;
      default:
        throw new IllegalStateException("unknown api " + config.api());
    }
    return endpoint.newBuilder().encodedPath(path.isEmpty() ? "/" : path).query(null).build();
  }

  private static String strip(String path, String suffix) {
    return path.endsWith(suffix) ? path.substring(0, path.length() - suffix.length()) : path;
  }

  public FoundryApi api() {
    return api;
  }

  /** The chat URL for a deployment. */
  public HttpUrl chatUrl(String deployment) {
    HttpUrl u = chatUrls.get(deployment);
    return u != null ? u : cached(chatUrls, deployment, buildChatUrl(deployment));
  }

  /** The embeddings URL for a deployment (not for anthropic). */
  public HttpUrl embeddingsUrl(String deployment) {
    HttpUrl u = embeddingUrls.get(deployment);
    return u != null ? u : cached(embeddingUrls, deployment, buildEmbeddingsUrl(deployment));
  }

  /** Deployment names come from config, so the caches stay small; the bound guards against misuse. */
  private static HttpUrl cached(ConcurrentHashMap<String, HttpUrl> cache, String deployment, HttpUrl url) {
    if (cache.size() < 1024) cache.put(deployment, url);
    return url;
  }

  private HttpUrl buildChatUrl(String deployment) {
    return switch (api) {
      case OPENAI_V1 -> base.newBuilder().addPathSegments("chat/completions").build();
      case AZURE_OPENAI -> versioned(base.newBuilder().addPathSegment("deployments").addPathSegment(deployment)
          .addPathSegments("chat/completions"));
      case MODEL_INFERENCE -> versioned(base.newBuilder().addPathSegments("chat/completions"));
      case ANTHROPIC -> base.newBuilder().addPathSegments("v1/messages").build();
    };
  }

  private HttpUrl buildEmbeddingsUrl(String deployment) {
    return switch (api) {
      case OPENAI_V1 -> base.newBuilder().addPathSegment("embeddings").build();
      case AZURE_OPENAI -> versioned(base.newBuilder().addPathSegment("deployments").addPathSegment(deployment)
          .addPathSegment("embeddings"));
      case MODEL_INFERENCE -> versioned(base.newBuilder().addPathSegment("embeddings"));
      case ANTHROPIC -> throw new IllegalStateException("the anthropic API has no embeddings");
    };
  }

  private HttpUrl versioned(HttpUrl.Builder b) {
    return b.addQueryParameter("api-version", config.apiVersion().orElseThrow()).build();
  }

  /** The OpenAI dialect for a deployment (not for anthropic). */
  public OpenAiDialect dialect(String deployment) {
    OpenAiDialect d = dialects.get(deployment);
    return d != null ? d : dialects.computeIfAbsent(deployment, this::computeDialect);
  }

  private OpenAiDialect computeDialect(String deployment) {
    OpenAiDialect d = switch (api) {
      case OPENAI_V1 -> OpenAiDialect.OPENAI;
      case AZURE_OPENAI -> OpenAiDialect.OPENAI.withSendModel(false)
          .withMaxTokensField(isReasoning(deployment) ? MaxTokensField.MAX_COMPLETION_TOKENS : MaxTokensField.MAX_TOKENS)
          .withDeveloperRole(previewAtLeast("2024-12-01"))
          .withStreamUsage(previewAtLeast("2024-09-01"));
      // the Model Inference spec has no user, no max_completion_tokens and no stream_options (usage comes anyway)
      case MODEL_INFERENCE -> OpenAiDialect.OPENAI.withMaxTokensField(MaxTokensField.MAX_TOKENS)
          .withSendUser(false).withStreamUsage(false);
      case ANTHROPIC -> throw new IllegalStateException("the anthropic API is not an OpenAI dialect");
    };
    if (config.streamUsage().isPresent()) d = d.withStreamUsage(config.streamUsage().get());
    if (config.maxTokensField().isPresent()) {
      d = d.withMaxTokensField(config.maxTokensField().get().equals("max_tokens")
          ? MaxTokensField.MAX_TOKENS : MaxTokensField.MAX_COMPLETION_TOKENS);
    }
    return d;
  }

  /** True for a preview api-version on or after the given date; GA versions lack the preview features. */
  private boolean previewAtLeast(String date) {
    String v = config.apiVersion().orElse("");
    return v.endsWith("-preview") && v.compareTo(date) >= 0;
  }

  /** Reasoning (o-series, gpt-5) deployments reject max_tokens; judged by the deployment name. */
  static boolean isReasoning(String deployment) {
    String d = deployment.toLowerCase(Locale.ROOT);
    return d.matches("^(o1|o3|o4|gpt-5|codex).*");
  }

  /** What a deployment can do: family defaults, then the {@code *} override, then its own. */
  public ProviderCapabilities capabilities(String deployment) {
    ProviderCapabilities c = capabilities.get(deployment);
    return c != null ? c : capabilities.computeIfAbsent(deployment, this::computeCapabilities);
  }

  private ProviderCapabilities computeCapabilities(String deployment) {
    String d = deployment.toLowerCase(Locale.ROOT);
    ProviderCapabilities c;
    if (api != FoundryApi.ANTHROPIC && d.contains("embed")) {
      c = ProviderCapabilities.embeddingsOnly();
    } else if (api == FoundryApi.ANTHROPIC) {
      // structured outputs are refused on Azure-hosted Claude deployments (protocols.md 1.11.1)
      c = new ProviderCapabilities(true, true, true, false, false, true, false, true, 200_000);
    } else {
      c = ProviderCapabilities.all(); // names say little: unknown deployments may do anything, the service decides
      if (d.startsWith("gpt-35") || d.startsWith("gpt-3.5")) c = c.withVision(false).withJsonSchema(false);
      if (api != FoundryApi.MODEL_INFERENCE) c = c.withStreamingUsage(dialect(deployment).streamUsage());
    }
    return CapabilityOverride.apply(config.capabilities(), deployment, c);
  }
}
