package dev.switchboard.testing;

import dev.switchboard.auth.Secret;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/** Config type {@code recording} for sdk-api's config tests: reads a few typed keys. */
public final class RecordingProviderFactory implements ModelProviderFactory {

  /** The parsed config. */
  public record Config(URI endpoint, Optional<Secret> key, int maxConnections, Duration timeout) implements ProviderConfig {
    @Override
    public String type() {
      return "recording";
    }

    @Override
    public String describe() {
      return "recording " + endpoint;
    }
  }

  @Override
  public String type() {
    return "recording";
  }

  @Override
  public ProviderConfig parse(ProviderSettings s) {
    URI endpoint = s.url("endpoint").orElse(null);
    if (endpoint == null && !s.has("endpoint")) s.problem("endpoint", "is required");
    Optional<Secret> key = s.secret("api-key");
    int max = s.integer("max-connections").orElse(4);
    Duration timeout = s.duration("timeout").orElse(Duration.ofSeconds(1));
    return new Config(endpoint == null ? URI.create("http://127.0.0.1") : endpoint, key, max, timeout);
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    return new RecordingProvider(id);
  }
}
