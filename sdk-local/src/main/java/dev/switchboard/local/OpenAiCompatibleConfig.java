package dev.switchboard.local;

import dev.switchboard.auth.Secret;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.Cleartext;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The configuration of a provider for an OpenAI-compatible server (config {@code type:
 * openai-compatible}): vLLM, llama.cpp, LM Studio, TGI or any other. The {@link #server()} hint
 * selects the server's quirks. Immutable; build with {@link #builder()}, or let {@link
 * OpenAiCompatibleProviderFactory} read it from the config file.
 *
 * <pre>{@code
 * OpenAiCompatibleConfig config = OpenAiCompatibleConfig.builder()
 *     .server(LocalServer.VLLM)
 *     .baseUrl(URI.create("http://gpu02.hospital.internal:8000"))
 *     .apiKey(Secret.of(System.getenv("VLLM_API_KEY")))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class OpenAiCompatibleConfig implements ProviderConfig {
  /** How long discovery requests (health, model list, model details) may take. */
  public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(3);

  private final LocalServer server;
  private final URI baseUrl;
  private final Secret apiKey;
  private final Boolean streamUsage;
  private final String maxTokensField;
  private final Map<String, CapabilityOverride> capabilities;
  private final boolean discoverCapabilities;
  private final Duration discoveryTimeout;
  private final boolean allowInsecureHttp;
  private final ResponseLimits limits;
  private final int maxConnections;

  private OpenAiCompatibleConfig(Builder b) {
    this.server =
        Objects.requireNonNull(b.server, "OpenAiCompatibleConfig.server: must not be null");
    if (server == LocalServer.OLLAMA) {
      throw new IllegalArgumentException(
          "OpenAiCompatibleConfig.server: use type ollama for Ollama's native API,"
              + " or server generic for its /v1 API");
    }
    this.baseUrl = BaseUrls.check(b.baseUrl, "OpenAiCompatibleConfig.baseUrl");
    this.apiKey = b.apiKey;
    this.allowInsecureHttp = b.allowInsecureHttp;
    Cleartext.problem(baseUrl, apiKey == null ? null : "an api-key", allowInsecureHttp)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("OpenAiCompatibleConfig.baseUrl: " + problem);
            });
    this.limits =
        Objects.requireNonNull(b.limits, "OpenAiCompatibleConfig.limits: must not be null");
    if (b.maxConnections < 1)
      throw new IllegalArgumentException(
          "OpenAiCompatibleConfig.maxConnections: must be at least 1");
    this.maxConnections = b.maxConnections;
    this.streamUsage = b.streamUsage;
    if (b.maxTokensField != null
        && !b.maxTokensField.equals("max_tokens")
        && !b.maxTokensField.equals("max_completion_tokens")) {
      throw new IllegalArgumentException(
          "OpenAiCompatibleConfig.maxTokensField: must be max_tokens or max_completion_tokens");
    }
    this.maxTokensField = b.maxTokensField;
    this.capabilities = Map.copyOf(b.capabilities);
    this.discoverCapabilities = b.discoverCapabilities;
    if (b.discoveryTimeout == null
        || b.discoveryTimeout.isNegative()
        || b.discoveryTimeout.isZero()) {
      throw new IllegalArgumentException(
          "OpenAiCompatibleConfig.discoveryTimeout: must be positive");
    }
    this.discoveryTimeout = b.discoveryTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return "openai-compatible";
  }

  @Override
  public String describe() {
    return "openai-compatible "
        + server.configName()
        + " "
        + Describe.url(baseUrl)
        + (apiKey == null ? "" : " api-key");
  }

  /** Which server this is, for its quirks. */
  public LocalServer server() {
    return server;
  }

  /**
   * The server's URL, with or without the trailing {@code /v1}, such as {@code http://gpu02:8000}.
   */
  /** True when an api-key may go over plain http to a non-loopback host. */
  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** How much of an answer is read before the call fails (the {@code limits} section). */
  public ResponseLimits limits() {
    return limits;
  }

  /**
   * Connections to the server kept for reuse and calls in flight to it ({@code max-connections},
   * default 256): at least the callers a steady load runs at once, or connections are closed after
   * each burst and opened again in the next.
   *
   * @since 0.2
   */
  public int maxConnections() {
    return maxConnections;
  }

  public URI baseUrl() {
    return baseUrl;
  }

  /** The server for messages: {@code vLLM server at http://gpu02:8000}. */
  public String serverLabel() {
    return server.displayName() + " server at " + Describe.url(baseUrl);
  }

  /** The key sent as {@code Authorization: Bearer}; empty for servers without one. */
  public Optional<Secret> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /**
   * Whether to ask for usage in streams ({@code stream_options.include_usage}); empty for the
   * server's default (yes).
   */
  public Optional<Boolean> streamUsage() {
    return Optional.ofNullable(streamUsage);
  }

  /** {@code max_tokens} (default) or {@code max_completion_tokens}. */
  public Optional<String> maxTokensField() {
    return Optional.ofNullable(maxTokensField);
  }

  /** Capability overrides by model name ({@code *} for all). */
  public Map<String, CapabilityOverride> capabilities() {
    return capabilities;
  }

  /**
   * Whether to ask the server what a model can do (context window, vision) before routing to it.
   */
  public boolean discoverCapabilities() {
    return discoverCapabilities;
  }

  /** The timeout of each discovery request. */
  public Duration discoveryTimeout() {
    return discoveryTimeout;
  }

  @Override
  public String toString() {
    return "OpenAiCompatibleConfig[" + describe() + "]";
  }

  /** Builds an {@link OpenAiCompatibleConfig}. Not thread-safe. */
  public static final class Builder {
    private LocalServer server = LocalServer.GENERIC;
    private URI baseUrl;
    private Secret apiKey;
    private boolean allowInsecureHttp;
    private ResponseLimits limits = ResponseLimits.DEFAULTS;
    private int maxConnections = 256;
    private Boolean streamUsage;
    private String maxTokensField;
    private final Map<String, CapabilityOverride> capabilities = new LinkedHashMap<>();
    private boolean discoverCapabilities = true;
    private Duration discoveryTimeout = DEFAULT_DISCOVERY_TIMEOUT;

    private Builder() {}

    public Builder server(LocalServer server) {
      this.server = server;
      return this;
    }

    public Builder baseUrl(URI baseUrl) {
      this.baseUrl = baseUrl;
      return this;
    }

    /**
     * Allows an api-key over plain http to a non-loopback host (a TLS-terminating sidecar, a test
     * rig); without a key, http is always allowed.
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
      return this;
    }

    /** Bounds on what is read from the server; {@link ResponseLimits#DEFAULTS} if not set. */
    public Builder limits(ResponseLimits limits) {
      this.limits = limits;
      return this;
    }

    /** Connections kept for reuse and calls in flight to the server; 256 if not set. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder apiKey(Secret apiKey) {
      this.apiKey = apiKey;
      return this;
    }

    public Builder streamUsage(Boolean streamUsage) {
      this.streamUsage = streamUsage;
      return this;
    }

    public Builder maxTokensField(String field) {
      this.maxTokensField = field;
      return this;
    }

    public Builder capability(String model, CapabilityOverride override) {
      capabilities.put(
          Objects.requireNonNull(model, "model"), Objects.requireNonNull(override, "override"));
      return this;
    }

    public Builder discoverCapabilities(boolean discover) {
      this.discoverCapabilities = discover;
      return this;
    }

    public Builder discoveryTimeout(Duration timeout) {
      this.discoveryTimeout = timeout;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public OpenAiCompatibleConfig build() {
      return new OpenAiCompatibleConfig(this);
    }
  }
}
