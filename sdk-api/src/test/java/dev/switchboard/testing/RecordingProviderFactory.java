package dev.switchboard.testing;

import dev.switchboard.auth.Secret;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Config type {@code recording} for sdk-api's config tests: reads a few typed keys and creates a
 * {@link ScriptedProvider}. Optional keys script it: {@code reply} (the text it always answers) or
 * {@code fault} (the failure it always answers with: {@code unavailable}, {@code rate-limited},
 * {@code timeout}, {@code reset}, {@code content-filtered}, {@code authentication} or {@code
 * invalid-request}).
 */
public final class RecordingProviderFactory implements ModelProviderFactory {
  private static final Map<String, Supplier<ScriptedReply>> FAULTS =
      Map.of(
          "unavailable", ScriptedReply::unavailable,
          "rate-limited", () -> ScriptedReply.rateLimited(null),
          "timeout", ScriptedReply::timeout,
          "reset", ScriptedReply::reset,
          "content-filtered", ScriptedReply::contentFiltered,
          "authentication", ScriptedReply::authentication,
          "invalid-request", ScriptedReply::invalidRequest);

  /** The parsed config. */
  public record Config(
      URI endpoint,
      Optional<Secret> key,
      int maxConnections,
      Duration timeout,
      Optional<String> reply,
      Optional<String> fault)
      implements ProviderConfig {
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
    Optional<String> reply = s.string("reply");
    Optional<String> fault = s.oneOf("fault", FAULTS.keySet());
    return new Config(
        endpoint == null ? URI.create("http://127.0.0.1") : endpoint,
        key,
        max,
        timeout,
        reply,
        fault);
  }

  @Override
  public ModelProvider create(String id, ProviderConfig config) {
    ScriptedProvider provider = new ScriptedProvider(id);
    Config c = (Config) config;
    c.reply().ifPresent(text -> provider.always(ScriptedReply.text(text)));
    c.fault().ifPresent(name -> provider.always(FAULTS.get(name).get()));
    return provider;
  }
}
