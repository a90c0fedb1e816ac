package dev.switchboard.local;

import dev.switchboard.local.internal.openai.OpenAiCompatibleProvider;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Creates providers for OpenAI-compatible servers from config sections of {@code type:
 * openai-compatible}; registered for {@link java.util.ServiceLoader}. Keys: {@code server} ({@code
 * vllm | llama-cpp | lm-studio | tgi | generic}), {@code base-url} (required), {@code api-key},
 * {@code stream-usage}, {@code max-tokens-field}, {@code capabilities}, {@code
 * discover-capabilities}, {@code discovery-timeout} (see docs/local.md).
 *
 * @since 0.1
 */
public final class OpenAiCompatibleProviderFactory implements ModelProviderFactory {
  private static final Set<String> SERVERS =
      Set.of("vllm", "llama-cpp", "lm-studio", "tgi", "generic");

  /** Needed by {@link java.util.ServiceLoader}. */
  public OpenAiCompatibleProviderFactory() {}

  @Override
  public String type() {
    return "openai-compatible";
  }

  @Override
  public ProviderConfig parse(ProviderSettings s) {
    OpenAiCompatibleConfig.Builder b = OpenAiCompatibleConfig.builder();
    Optional<String> server = s.oneOf("server", SERVERS);
    server.flatMap(LocalServer::ofConfigName).ifPresent(b::server);
    if (!s.has("base-url")) {
      s.problem(
          "base-url", "is required: the server's URL, such as http://gpu02.hospital.internal:8000");
    }
    Optional<java.net.URI> baseUrl = s.url("base-url");
    baseUrl.ifPresent(b::baseUrl);
    s.secret("api-key").ifPresent(b::apiKey);
    s.bool("allow-insecure-http").ifPresent(b::allowInsecureHttp);
    b.limits(ResponseLimits.read(s));
    HttpTransport.readMaxConnections(s, b::maxConnections);
    s.bool("stream-usage").ifPresent(b::streamUsage);
    s.oneOf("max-tokens-field", Set.of("max_tokens", "max_completion_tokens"))
        .ifPresent(b::maxTokensField);
    CapabilityOverride.readAll(s).forEach(b::capability);
    s.bool("discover-capabilities").ifPresent(b::discoverCapabilities);
    s.duration("discovery-timeout").ifPresent(b::discoveryTimeout);
    try {
      return b.build();
    } catch (IllegalArgumentException | NullPointerException e) {
      String key =
          Problems.key(
              e,
              Map.of(
                  "OpenAiCompatibleConfig.baseUrl",
                  "base-url",
                  "OpenAiCompatibleConfig.discoveryTimeout",
                  "discovery-timeout"));
      // a missing or malformed base-url was reported already
      if (!"base-url".equals(key) || baseUrl.isPresent()) s.problem(key, Problems.text(e));
      return new Problems.Invalid("openai-compatible");
    }
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    if (!(config instanceof OpenAiCompatibleConfig oc)) {
      throw new IllegalArgumentException(
          "config: not an OpenAiCompatibleConfig (" + config.type() + ")");
    }
    return OpenAiCompatibleProvider.create(id, oc);
  }
}
