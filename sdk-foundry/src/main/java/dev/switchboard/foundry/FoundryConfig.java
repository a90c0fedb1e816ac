package dev.switchboard.foundry;

import dev.switchboard.foundry.internal.protocol.FoundryProtocols;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.Cleartext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A Foundry provider's configuration (config {@code type: foundry}). Immutable; build with {@link
 * #builder()}, or let {@link FoundryProviderFactory} read it from the config file.
 *
 * <pre>{@code
 * FoundryConfig config = FoundryConfig.builder()
 *     .endpoint(URI.create("https://contoso.services.ai.azure.com"))
 *     .api(FoundryApi.OPENAI_V1)
 *     .auth(FoundryAuth.entra(null, tenantId, clientId, Secret.of(clientSecret)))
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class FoundryConfig implements ProviderConfig {
  /** The newest GA api-version of classic Azure OpenAI. */
  public static final String DEFAULT_AZURE_OPENAI_VERSION = "2024-10-21";

  /** The api-version the Foundry {@code /models} route serves. */
  public static final String DEFAULT_MODEL_INFERENCE_VERSION = "2024-05-01-preview";

  /** The Anthropic wire-format version. */
  public static final String DEFAULT_ANTHROPIC_VERSION = "2023-06-01";

  /**
   * {@code max_tokens} sent to Claude when the request sets no limit (the Messages API requires
   * one).
   */
  public static final int DEFAULT_MAX_TOKENS = 4096;

  private final URI endpoint;
  private final FoundryApi api;
  private final String apiVersion;
  private final FoundryAuth auth;
  private final boolean allowInsecureHttp;
  private final Boolean streamUsage;
  private final String maxTokensField;
  private final String extraParameters;
  private final String anthropicVersion;
  private final int defaultMaxTokens;
  private final List<String> anthropicBeta;
  private final Map<String, CapabilityOverride> capabilities;
  private final ResponseLimits limits;
  private final int maxConnections;

  private FoundryConfig(Builder b) {
    this.endpoint = Objects.requireNonNull(b.endpoint, "FoundryConfig.endpoint: must not be null");
    this.api = b.api;
    this.auth = Objects.requireNonNull(b.auth, "FoundryConfig.auth: must not be null");
    this.allowInsecureHttp = b.allowInsecureHttp;
    String scheme = endpoint.getScheme();
    if ((!"https".equals(scheme) && !"http".equals(scheme)) || endpoint.getHost() == null) {
      throw new IllegalArgumentException("FoundryConfig.endpoint: must be an absolute https URL");
    }
    if ("http".equals(scheme) && !allowInsecureHttp && !isLoopback(endpoint.getHost())) {
      throw new IllegalArgumentException(
          "FoundryConfig.endpoint: must be https (http is allowed only for loopback"
              + " hosts or with allow-insecure-http)");
    }
    this.apiVersion =
        b.apiVersion != null ? b.apiVersion : FoundryProtocols.defaultApiVersion(api).orElse(null);
    if (apiVersion != null && !apiVersion.matches("[A-Za-z0-9.-]{1,40}")) {
      throw new IllegalArgumentException(
          "FoundryConfig.apiVersion: must look like 2024-10-21 or 2025-04-01-preview");
    }
    this.streamUsage = b.streamUsage;
    if (b.maxTokensField != null
        && !b.maxTokensField.equals("max_tokens")
        && !b.maxTokensField.equals("max_completion_tokens")) {
      throw new IllegalArgumentException(
          "FoundryConfig.maxTokensField: must be max_tokens or max_completion_tokens");
    }
    this.maxTokensField = b.maxTokensField;
    this.extraParameters = b.extraParameters;
    if (!List.of("pass-through", "drop", "error").contains(extraParameters)) {
      throw new IllegalArgumentException(
          "FoundryConfig.extraParameters: must be pass-through, drop or error");
    }
    this.anthropicVersion =
        Objects.requireNonNull(b.anthropicVersion, "FoundryConfig.anthropicVersion");
    if (b.defaultMaxTokens < 1)
      throw new IllegalArgumentException("FoundryConfig.defaultMaxTokens: must be at least 1");
    this.defaultMaxTokens = b.defaultMaxTokens;
    this.anthropicBeta = List.copyOf(b.anthropicBeta);
    this.capabilities = Map.copyOf(b.capabilities);
    this.limits = Objects.requireNonNull(b.limits, "FoundryConfig.limits: must not be null");
    if (b.maxConnections < 1)
      throw new IllegalArgumentException("FoundryConfig.maxConnections: must be at least 1");
    this.maxConnections = b.maxConnections;
  }

  /** True for 127.0.0.0/8, ::1 and localhost: no one else can see that traffic. */
  public static boolean isLoopback(String host) {
    return Cleartext.isLoopback(host);
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public String type() {
    return "foundry";
  }

  @Override
  public String describe() {
    return "foundry "
        + api.configName()
        + " "
        + endpoint.getScheme()
        + "://"
        + endpoint.getHost()
        + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "")
        + (apiVersion == null ? "" : " api-version=" + apiVersion)
        + " auth="
        + auth.kind().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  public URI endpoint() {
    return endpoint;
  }

  public FoundryApi api() {
    return api;
  }

  /** The api-version query value; empty for openai-v1 and anthropic. */
  public Optional<String> apiVersion() {
    return Optional.ofNullable(apiVersion);
  }

  public FoundryAuth auth() {
    return auth;
  }

  public boolean allowInsecureHttp() {
    return allowInsecureHttp;
  }

  /** Whether to ask for usage in streams; empty means the family's and version's default. */
  public Optional<Boolean> streamUsage() {
    return Optional.ofNullable(streamUsage);
  }

  /**
   * {@code max_tokens} or {@code max_completion_tokens}; empty means chosen per family and model.
   */
  public Optional<String> maxTokensField() {
    return Optional.ofNullable(maxTokensField);
  }

  /** The Model Inference {@code extra-parameters} header value sent when a request has extras. */
  public String extraParameters() {
    return extraParameters;
  }

  public String anthropicVersion() {
    return anthropicVersion;
  }

  public int defaultMaxTokens() {
    return defaultMaxTokens;
  }

  /** {@code anthropic-beta} values to send; empty by default. */
  public List<String> anthropicBeta() {
    return anthropicBeta;
  }

  /** Capability overrides by deployment name ({@code *} for all). */
  public Map<String, CapabilityOverride> capabilities() {
    return capabilities;
  }

  /** How much of an answer is read before the call fails (the {@code limits} section). */
  public ResponseLimits limits() {
    return limits;
  }

  /**
   * Calls in flight to the endpoint that keep their own connection, and so the idle connections
   * kept for reuse ({@code max-connections}, default 256): at least the callers a steady load runs
   * at once, or connections are closed and reopened between bursts.
   */
  public int maxConnections() {
    return maxConnections;
  }

  @Override
  public String toString() {
    return "FoundryConfig[" + describe() + "]";
  }

  /** Builds a {@link FoundryConfig}. Not thread-safe. */
  public static final class Builder {
    private URI endpoint;
    private FoundryApi api = FoundryApi.OPENAI_V1;
    private String apiVersion;
    private FoundryAuth auth;
    private boolean allowInsecureHttp;
    private Boolean streamUsage;
    private String maxTokensField;
    private String extraParameters = "pass-through";
    private String anthropicVersion = DEFAULT_ANTHROPIC_VERSION;
    private int defaultMaxTokens = DEFAULT_MAX_TOKENS;
    private ResponseLimits limits = ResponseLimits.DEFAULTS;
    private int maxConnections = 256;
    private final List<String> anthropicBeta = new ArrayList<>();
    private final Map<String, CapabilityOverride> capabilities = new LinkedHashMap<>();

    private Builder() {}

    public Builder endpoint(URI endpoint) {
      this.endpoint = endpoint;
      return this;
    }

    public Builder api(FoundryApi api) {
      this.api = Objects.requireNonNull(api, "api");
      return this;
    }

    public Builder apiVersion(String apiVersion) {
      this.apiVersion = apiVersion;
      return this;
    }

    public Builder auth(FoundryAuth auth) {
      this.auth = auth;
      return this;
    }

    /**
     * Allows a plain-http endpoint that is not loopback (a TLS-terminating sidecar, a test rig).
     */
    public Builder allowInsecureHttp(boolean allow) {
      this.allowInsecureHttp = allow;
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

    public Builder extraParameters(String value) {
      this.extraParameters = value;
      return this;
    }

    public Builder anthropicVersion(String version) {
      this.anthropicVersion = version;
      return this;
    }

    public Builder defaultMaxTokens(int maxTokens) {
      this.defaultMaxTokens = maxTokens;
      return this;
    }

    public Builder anthropicBeta(List<String> betas) {
      anthropicBeta.clear();
      anthropicBeta.addAll(betas);
      return this;
    }

    /** Bounds on what is read from the provider; {@link ResponseLimits#DEFAULTS} if not set. */
    public Builder limits(ResponseLimits limits) {
      this.limits = limits;
      return this;
    }

    /** Concurrent connections per host, kept idle for reuse; 256 if not set. */
    public Builder maxConnections(int maxConnections) {
      this.maxConnections = maxConnections;
      return this;
    }

    public Builder capability(String deployment, CapabilityOverride override) {
      capabilities.put(
          Objects.requireNonNull(deployment, "deployment"),
          Objects.requireNonNull(override, "override"));
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public FoundryConfig build() {
      return new FoundryConfig(this);
    }
  }
}
