package dev.switchboard.local;

import dev.switchboard.local.internal.ollama.OllamaProvider;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import dev.switchboard.spi.ResponseLimits;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.util.Map;
import java.util.Optional;

/**
 * Creates Ollama providers from config sections of {@code type: ollama}; registered for {@link
 * java.util.ServiceLoader}. Keys: {@code base-url}, {@code api-key}, {@code keep-alive}, {@code
 * think}, {@code options}, {@code capabilities}, {@code discover-capabilities}, {@code
 * discovery-timeout} (see docs/local.md).
 *
 * @since 0.1
 */
public final class OllamaProviderFactory implements ModelProviderFactory {

  /** Needed by {@link java.util.ServiceLoader}. */
  public OllamaProviderFactory() {}

  @Override
  public String type() {
    return "ollama";
  }

  @Override
  public ProviderConfig parse(ProviderSettings s) {
    OllamaConfig.Builder b = OllamaConfig.builder();
    s.url("base-url").ifPresent(b::baseUrl);
    s.secret("api-key").ifPresent(b::apiKey);
    s.bool("allow-insecure-http").ifPresent(b::allowInsecureHttp);
    b.limits(ResponseLimits.read(s));
    HttpTransport.readMaxConnections(s, b::maxConnections);
    s.string("keep-alive").ifPresent(b::keepAlive);
    s.string("think")
        .ifPresent(
            t -> b.think(t.equals("true") || t.equals("false") ? (Object) Boolean.valueOf(t) : t));
    Optional<Object> options = s.raw("options");
    if (options.isPresent()) {
      if (options.get() instanceof Map<?, ?> m) {
        m.forEach(
            (k, v) -> {
              if (v != null) b.option(String.valueOf(k), v);
            });
      } else {
        s.problem(
            "options", "must be a mapping of Ollama runtime options, such as { num_ctx: 8192 }");
      }
    }
    CapabilityOverride.readAll(s).forEach(b::capability);
    s.bool("discover-capabilities").ifPresent(b::discoverCapabilities);
    s.duration("discovery-timeout").ifPresent(b::discoveryTimeout);
    try {
      return b.build();
    } catch (IllegalArgumentException e) {
      s.problem(
          Problems.key(
              e,
              Map.of(
                  "OllamaConfig.baseUrl",
                  "base-url",
                  "OllamaConfig.keepAlive",
                  "keep-alive",
                  "OllamaConfig.think",
                  "think",
                  "OllamaConfig.discoveryTimeout",
                  "discovery-timeout")),
          Problems.text(e));
      return new Problems.Invalid("ollama");
    }
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    if (!(config instanceof OllamaConfig oc)) {
      throw new IllegalArgumentException("config: not an OllamaConfig (" + config.type() + ")");
    }
    return OllamaProvider.create(id, oc);
  }
}
