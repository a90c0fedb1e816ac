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
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An Ollama provider's configuration (config {@code type: ollama}). Immutable; build with {@link
 * #builder()}, or let {@link OllamaProviderFactory} read it from the config file.
 *
 * <pre>{@code
 * OllamaConfig config = OllamaConfig.builder()
 *     .baseUrl(URI.create("http://gpu01.hospital.internal:11434"))
 *     .keepAlive("30m")
 *     .option("num_ctx", 8192)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class OllamaConfig implements ProviderConfig {
  /** Where Ollama listens by default. */
  public static final URI DEFAULT_BASE_URL = URI.create("http://localhost:11434");

  /**
   * How long discovery requests ({@code /api/show}, {@code /api/tags}, {@code /api/version}) may
   * take.
   */
  public static final Duration DEFAULT_DISCOVERY_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Go durations ({@code 5m}, {@code 1h30m}, {@code -1s}) or whole seconds ({@code 0}, {@code -1},
   * {@code 300}).
   */
  private static final Pattern KEEP_ALIVE =
      Pattern.compile("-?[0-9]+|-?([0-9]+(\\.[0-9]+)?(ns|us|ms|s|m|h))+");

  private static final Set<String> THINK_LEVELS = Set.of("low", "medium", "high", "max");

  private final URI baseUrl;
  private final Secret apiKey;
  private final String keepAlive;
  private final Object think;
  private final Map<String, Object> options;
  private final Map<String, CapabilityOverride> capabilities;
  private final boolean discoverCapabilities;
  private final Duration discoveryTimeout;
  private final boolean allowInsecureHttp;
  private final ResponseLimits limits;
  private final int maxConnections;

  private OllamaConfig(Builder b) {
    this.baseUrl = BaseUrls.check(b.baseUrl, "OllamaConfig.baseUrl");
    this.apiKey = b.apiKey;
    this.allowInsecureHttp = b.allowInsecureHttp;
    Cleartext.problem(baseUrl, apiKey == null ? null : "an api-key", allowInsecureHttp)
        .ifPresent(
            problem -> {
              throw new IllegalArgumentException("OllamaConfig.baseUrl: " + problem);
            });
    this.limits = Objects.requireNonNull(b.limits, "OllamaConfig.limits: must not be null");
    if (b.maxConnections < 1)
      throw new IllegalArgumentException("OllamaConfig.maxConnections: must be at least 1");
    this.maxConnections = b.maxConnections;
    if (b.keepAlive != null && !KEEP_ALIVE.matcher(b.keepAlive).matches()) {
      throw new IllegalArgumentException(
          "OllamaConfig.keepAlive: must be a duration such as 5m, 1h or -1s,"
              + " or whole seconds such as 0 or -1");
    }
    this.keepAlive = b.keepAlive;
    if (b.think != null && !(b.think instanceof Boolean) && !THINK_LEVELS.contains(b.think)) {
      throw new IllegalArgumentException(
          "OllamaConfig.think: must be true, false, low, medium, high or max");
    }
    this.think = b.think;
    this.options = Map.copyOf(b.options);
    this.capabilities = Map.copyOf(b.capabilities);
    this.discoverCapabilities = b.discoverCapabilities;
    if (b.discoveryTimeout == null
        || b.discoveryTimeout.isNegative()
        || b.discoveryTimeout.isZero()) {
      throw new IllegalArgumentException("OllamaConfig.discoveryTimeout: must be positive");
    }
    this.discoveryTimeout = b.discoveryTimeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return "ollama";
  }

  @Override
  public String describe() {
    return "ollama "
        + Describe.url(baseUrl)
        + (apiKey == null ? "" : " api-key")
        + (keepAlive == null ? "" : " keep-alive=" + keepAlive);
  }

  /** The server's root URL, such as {@code http://gpu01:11434}. */
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

  /** The server for messages: {@code Ollama server at http://gpu01:11434}. */
  public String serverLabel() {
    return "Ollama server at " + Describe.url(baseUrl);
  }

  /** The key sent as {@code Authorization: Bearer} (a proxy in front of Ollama, or ollama.com). */
  public Optional<Secret> apiKey() {
    return Optional.ofNullable(apiKey);
  }

  /**
   * How long Ollama keeps the model loaded after a call ({@code keep_alive}); empty for its default
   * (5m).
   */
  public Optional<String> keepAlive() {
    return Optional.ofNullable(keepAlive);
  }

  /**
   * The {@code think} value for thinking models: a Boolean or a level string; empty to leave it to
   * the model.
   */
  public Optional<Object> think() {
    return Optional.ofNullable(think);
  }

  /**
   * Default runtime options ({@code num_ctx}, {@code top_k}, ...), below a request's own values.
   */
  public Map<String, Object> options() {
    return options;
  }

  /** Capability overrides by model name ({@code *} for all). */
  public Map<String, CapabilityOverride> capabilities() {
    return capabilities;
  }

  /** Whether to ask {@code /api/show} what a model can do before routing to it. */
  public boolean discoverCapabilities() {
    return discoverCapabilities;
  }

  /** The timeout of each discovery request. */
  public Duration discoveryTimeout() {
    return discoveryTimeout;
  }

  @Override
  public String toString() {
    return "OllamaConfig[" + describe() + "]";
  }

  /** Builds an {@link OllamaConfig}. Not thread-safe. */
  public static final class Builder {
    private URI baseUrl = DEFAULT_BASE_URL;
    private Secret apiKey;
    private boolean allowInsecureHttp;
    private ResponseLimits limits = ResponseLimits.DEFAULTS;
    private int maxConnections = 256;
    private String keepAlive;
    private Object think;
    private final Map<String, Object> options = new LinkedHashMap<>();
    private final Map<String, CapabilityOverride> capabilities = new LinkedHashMap<>();
    private boolean discoverCapabilities = true;
    private Duration discoveryTimeout = DEFAULT_DISCOVERY_TIMEOUT;

    private Builder() {}

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

    /** A Go duration ({@code 30m}, {@code -1s} keeps the model loaded) or whole seconds. */
    public Builder keepAlive(String keepAlive) {
      this.keepAlive = keepAlive;
      return this;
    }

    /**
     * {@code true}/{@code false}, or a level {@code low}, {@code medium}, {@code high}, {@code
     * max}.
     */
    public Builder think(Object think) {
      this.think = think;
      return this;
    }

    /** A default runtime option, such as {@code num_ctx}. */
    public Builder option(String key, Object value) {
      options.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
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
    public OllamaConfig build() {
      return new OllamaConfig(this);
    }
  }
}
