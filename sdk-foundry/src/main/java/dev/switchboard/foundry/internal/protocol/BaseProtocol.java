package dev.switchboard.foundry.internal.protocol;

import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderCapabilities;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import okhttp3.HttpUrl;

/**
 * What every family's protocol shares: the config, the family's base URL, and caches of URLs and
 * capabilities by deployment. Subclasses say how a URL and a deployment's default capabilities are
 * made. Thread-safe.
 */
abstract class BaseProtocol implements FoundryProtocol {
  /** Azure OpenAI, AI Services and the Foundry /models route. */
  static final String COGNITIVE_SERVICES_SCOPE = "https://cognitiveservices.azure.com/.default";

  final FoundryConfig config;

  /**
   * The family's base URL: {@code .../openai/v1}, {@code .../openai}, {@code .../models} or {@code
   * .../anthropic}.
   */
  final HttpUrl base;

  /**
   * Built URLs by deployment: building an HttpUrl per call showed in the benchmark's CPU profile.
   */
  private final ConcurrentHashMap<String, HttpUrl> chatUrls = new ConcurrentHashMap<>();

  private final ConcurrentHashMap<String, HttpUrl> embeddingUrls = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, ProviderCapabilities> capabilities =
      new ConcurrentHashMap<>();

  BaseProtocol(FoundryConfig config, HttpUrl base) {
    this.config = config;
    this.base = base;
  }

  @Override
  public final HttpUrl chatUrl(String deployment) {
    HttpUrl u = chatUrls.get(deployment);
    return u != null ? u : cached(chatUrls, deployment, buildChatUrl(deployment));
  }

  @Override
  public final HttpUrl embeddingsUrl(String deployment) {
    HttpUrl u = embeddingUrls.get(deployment);
    return u != null ? u : cached(embeddingUrls, deployment, buildEmbeddingsUrl(deployment));
  }

  @Override
  public final ProviderCapabilities capabilities(String deployment) {
    ProviderCapabilities c = capabilities.get(deployment);
    return c != null
        ? c
        : capabilities.computeIfAbsent(
            deployment,
            d -> CapabilityOverride.apply(config.capabilities(), d, defaultCapabilities(d)));
  }

  /** The chat URL, built once per deployment. */
  abstract HttpUrl buildChatUrl(String deployment);

  /** The embeddings URL, built once per deployment. */
  abstract HttpUrl buildEmbeddingsUrl(String deployment);

  /** What the family's deployment can do before config overrides. */
  abstract ProviderCapabilities defaultCapabilities(String deployment);

  /**
   * Deployment names come from config, so the caches stay small; the bound guards against misuse.
   */
  private static HttpUrl cached(
      ConcurrentHashMap<String, HttpUrl> cache, String deployment, HttpUrl url) {
    if (cache.size() < 1024) cache.put(deployment, url);
    return url;
  }

  /**
   * The URL with the config's {@code api-version} query (only families that have a default one call
   * this).
   */
  final HttpUrl versioned(HttpUrl.Builder b) {
    return b.addQueryParameter("api-version", config.apiVersion().orElseThrow()).build();
  }

  /** The configured endpoint as a URL. */
  static HttpUrl endpoint(FoundryConfig config) {
    return HttpUrl.get(config.endpoint().toString());
  }

  /** The endpoint's path without trailing slashes ({@code ""} for the root). */
  static String path(HttpUrl endpoint) {
    return endpoint.encodedPath().replaceAll("/+$", "");
  }

  /** The endpoint's host, lower case. */
  static String host(HttpUrl endpoint) {
    return endpoint.host().toLowerCase(Locale.ROOT);
  }

  /** The endpoint with another path and no query: the base every URL of the family is built on. */
  static HttpUrl rebase(HttpUrl endpoint, String path) {
    return endpoint.newBuilder().encodedPath(path.isEmpty() ? "/" : path).query(null).build();
  }

  /**
   * The path without the suffix, if it ends with it: users paste endpoints with or without the
   * family's route.
   */
  static String strip(String path, String suffix) {
    return path.endsWith(suffix) ? path.substring(0, path.length() - suffix.length()) : path;
  }
}
