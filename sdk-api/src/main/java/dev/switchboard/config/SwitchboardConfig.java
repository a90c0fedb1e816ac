package dev.switchboard.config;

import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.error.ConfigException;
import dev.switchboard.internal.FeatureFactories;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.internal.config.ConfigParser;
import dev.switchboard.internal.config.ConfigYaml;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.ProviderConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A validated Switchboard configuration: providers, logical models and their routes, and the
 * settings of each pipeline stage. Immutable. Holds no connections; a {@link
 * dev.switchboard.ModelClient} built from it creates those.
 *
 * <pre>{@code
 * SwitchboardConfig config = SwitchboardConfig.load(Path.of("switchboard.yaml"));
 * try (ModelClient client = ModelClient.builder(config).build()) { ... }
 * }</pre>
 *
 * <p>Loading substitutes {@code ${VAR}} and {@code ${VAR:-default}} from the environment and fails
 * with a {@link ConfigException} listing every problem by path; values are never echoed.
 *
 * @since 0.1
 */
public final class SwitchboardConfig {
  private final String source;
  private final Map<String, ProviderConfig> providers;
  private final Map<String, Route> models;
  private final String defaultModel;
  private final String defaultEmbeddingModel;
  private final Timeouts timeouts;
  private final ResilienceSettings resilience;
  private final Map<String, PipelineFeature> features;
  private final dev.switchboard.SwitchboardClock clock;

  private SwitchboardConfig(String source, ConfigParser.Result r) {
    this.source = source;
    this.providers =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.providers()));
    this.models = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.models()));
    this.defaultModel = r.defaultModel();
    this.defaultEmbeddingModel = r.defaultEmbeddingModel();
    this.timeouts = r.timeouts();
    this.resilience = r.resilience();
    this.features =
        java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(r.features()));
    this.clock = r.clock();
  }

  /**
   * The clock the config sets ({@code clock: {fixed: ...}}), if any: the client's one clock for BAA
   * expiry, audit time stamps and budget periods, as {@link
   * dev.switchboard.ModelClientBuilder#clock} sets it in code.
   */
  public Optional<dev.switchboard.SwitchboardClock> clock() {
    return Optional.ofNullable(clock);
  }

  /**
   * Loads and validates a YAML file, substituting environment variables.
   *
   * @throws ConfigException listing every problem, or saying why the file cannot be read
   */
  public static SwitchboardConfig load(Path file) {
    List<String> problems = new java.util.ArrayList<>();
    Optional<String> text = ConfigYaml.readFile(file, problems);
    if (text.isEmpty()) throw new ConfigException(file.toString(), problems);
    return parse(text.get(), file.toString(), System::getenv, file.toAbsolutePath().getParent());
  }

  /** Parses YAML text, substituting environment variables. */
  public static SwitchboardConfig parse(String yaml, String sourceName) {
    return parse(yaml, sourceName, System::getenv);
  }

  /**
   * Parses YAML text with the given variable lookup (for tests and for secrets from a vault).
   *
   * @throws ConfigException listing every problem
   */
  public static SwitchboardConfig parse(
      String yaml, String sourceName, Function<String, String> env) {
    return parse(yaml, sourceName, env, null);
  }

  /**
   * Parses YAML text; relative file names in it (the compliance policy, the audit file) resolve
   * against {@code baseDir} (null: the working directory).
   *
   * @throws ConfigException listing every problem
   */
  public static SwitchboardConfig parse(
      String yaml, String sourceName, Function<String, String> env, Path baseDir) {
    ConfigParser.Result r =
        new ConfigParser(ProviderFactories.discover(), FeatureFactories.discover(), env, baseDir)
            .parse(yaml);
    if (!r.problems().isEmpty())
      throw new ConfigException(sourceName, r.problems(), r.code().orElse(null));
    return new SwitchboardConfig(sourceName, r);
  }

  /** Where this config came from (a path or a name). */
  public String source() {
    return source;
  }

  /** Provider configs by id, in file order. */
  public Map<String, ProviderConfig> providers() {
    return providers;
  }

  /** Logical models and their routes, in file order. */
  public Map<String, Route> models() {
    return models;
  }

  /** The model used when a request names none; set explicitly or implied by a single model. */
  public Optional<String> defaultModel() {
    return Optional.ofNullable(defaultModel);
  }

  /**
   * The logical model for embeddings ({@code default-embedding-model}): a client built from this
   * config sends an embedding request that names no model there (without it, to {@link
   * #defaultModel()}).
   *
   * @since 0.2
   */
  public Optional<String> defaultEmbeddingModel() {
    return Optional.ofNullable(defaultEmbeddingModel);
  }

  /** Connect, read and per-call timeouts. */
  public Timeouts timeouts() {
    return timeouts;
  }

  /**
   * The pipeline features this config asks for, by name, each read by its own module: cost tracking
   * ({@code pricing}, {@code budgets}, {@code ledger}; module {@code switchboard-cost}) and
   * compliance ({@code compliance}, {@code audit}, provider {@code profile}s; module {@code
   * switchboard-compliance}).
   */
  public Map<String, PipelineFeature> features() {
    return features;
  }

  /**
   * The feature of the given type, if this config asks for it, for example {@code
   * config.feature(CostTracking.class)}.
   */
  public <T extends PipelineFeature> Optional<T> feature(Class<T> type) {
    for (PipelineFeature f : features.values()) {
      if (type.isInstance(f)) return Optional.of(type.cast(f));
    }
    return Optional.empty();
  }

  /** Retry, circuit breaker, rate limit and bulkhead policies: global, per provider, per model. */
  public ResilienceSettings resilience() {
    return resilience;
  }

  @Override
  public String toString() {
    return "SwitchboardConfig["
        + source
        + ", providers="
        + providers.keySet()
        + ", models="
        + models.keySet()
        + "]";
  }
}
