package dev.switchboard.internal.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.internal.FeatureFactories;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.FeatureConfigReader;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.PipelineFeatureFactory;
import dev.switchboard.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a config document into typed sections, collecting every problem with its path. The core
 * reads providers, models, the default model and resilience; each pipeline feature on the class
 * path (cost, compliance) reads its own sections through its {@link FeatureConfigReader}, and a
 * section whose feature module is missing is a problem naming the artifact to add.
 */
public final class ConfigParser {
  private final List<String> problems = new ArrayList<>();
  private final Set<String> codes = new LinkedHashSet<>();
  private final Set<String> declaredProviders = new LinkedHashSet<>();
  private final Map<String, String> providerTypes = new LinkedHashMap<>();
  private final ProviderFactories factories;
  private final FeatureFactories features;
  private final Map<PipelineFeatureFactory, FeatureConfigReader> readers = new LinkedHashMap<>();
  private final Function<String, String> env;
  private final ResilienceParser resilience = new ResilienceParser();

  /** What a parse produced; only meaningful when {@link #problems()} is empty. */
  public record Result(
      Map<String, ProviderConfig> providers,
      Map<String, Route> models,
      String defaultModel,
      Timeouts timeouts,
      List<String> problems,
      ResilienceSettings resilience,
      Map<String, PipelineFeature> features,
      String defaultEmbeddingModel,
      SwitchboardClock clock,
      List<String> codes) {

    /**
     * The stable code of the first invalid named document (for example {@code POLICY_INVALID}), if
     * any problem carries one.
     */
    public Optional<String> code() {
      return codes.isEmpty() ? Optional.empty() : Optional.of(codes.get(0));
    }
  }

  public ConfigParser(ProviderFactories factories, Function<String, String> env) {
    this(factories, FeatureFactories.discover(), env, null);
  }

  /**
   * @param baseDir the directory relative file names (policy, audit file) resolve against; null:
   *     the working directory
   */
  public ConfigParser(
      ProviderFactories factories,
      FeatureFactories features,
      Function<String, String> env,
      Path baseDir) {
    this.factories = factories;
    this.features = features;
    this.env = env;
    for (PipelineFeatureFactory f : features.all()) readers.put(f, f.newReader(baseDir));
  }

  public Result parse(String yaml) {
    Optional<ObjectNode> doc =
        ConfigYaml.readRoot(yaml, "a mapping with providers and models", problems);
    if (doc.isEmpty()) {
      return new Result(
          Map.of(),
          Map.of(),
          null,
          Timeouts.DEFAULTS,
          List.copyOf(problems),
          ResilienceSettings.ofDefaults(),
          Map.of(),
          null,
          null,
          List.of());
    }
    SettingsNode root = SettingsNode.root(doc.get(), problems, codes, env);
    Map<String, ProviderConfig> providers = providers(root);
    Map<String, Route> models = models(root);
    String defaultModel = defaultModel(root, models);
    String defaultEmbeddingModel = defaultEmbeddingModel(root, models);
    Timeouts timeouts = resilience(root);
    ResilienceSettings resilienceSettings = resilience.build(models);
    Map<String, PipelineFeature> read = features(root);
    SwitchboardClock clock = clock(root);
    root.reportUnknownKeys();
    return new Result(
        providers,
        models,
        defaultModel,
        timeouts,
        List.copyOf(problems),
        resilienceSettings,
        read,
        defaultEmbeddingModel,
        clock,
        List.copyOf(codes));
  }

  /**
   * The optional {@code clock: {fixed: 2026-03-01T09:00:00Z}} section: a fixed wall time for demos,
   * replays and tests of BAA expiry, audit time stamps and budget periods (deadlines and backoff
   * keep the system's monotonic time). Null when absent: the builder's clock stays.
   */
  private static SwitchboardClock clock(SettingsNode root) {
    Optional<SettingsNode> section = root.sectionNode("clock");
    if (section.isEmpty()) return null;
    Optional<String> fixed = section.get().string("fixed");
    if (fixed.isEmpty()) {
      section.get().problem("fixed", "is required: an instant such as 2026-03-01T09:00:00Z");
      return null;
    }
    try {
      return SwitchboardClock.of(
          java.time.Clock.fixed(
              java.time.Instant.parse(fixed.get().trim()), java.time.ZoneOffset.UTC));
    } catch (java.time.format.DateTimeParseException e) {
      section.get().problem("fixed", "must be an instant such as 2026-03-01T09:00:00Z");
      return null;
    }
  }

  /**
   * Each feature's sections, read by its module; well-known sections of a missing module are
   * problems.
   */
  private Map<String, PipelineFeature> features(SettingsNode root) {
    for (String key : root.keys()) {
      features
          .missingArtifactForSection(key)
          .ifPresent(
              artifact -> {
                root.markRead(key);
                root.problem(key, "needs the " + artifact + " module on the class path");
              });
    }
    Map<String, PipelineFeature> out = new LinkedHashMap<>();
    readers.forEach(
        (factory, reader) ->
            reader
                .read(root, providerTypes)
                .ifPresent(feature -> out.put(feature.name(), feature)));
    return out;
  }

  /**
   * Feature keys of one provider section, read before the provider's own factory sees the section.
   */
  private void featureKeys(String id, SettingsNode p) {
    for (String key : p.keys()) {
      features
          .missingArtifactForProviderKey(key)
          .ifPresent(
              artifact -> {
                p.markRead(key);
                p.problem(key, "needs the " + artifact + " module on the class path");
              });
    }
    readers.values().forEach(reader -> reader.readProvider(id, p));
  }

  private Map<String, ProviderConfig> providers(SettingsNode root) {
    Map<String, ProviderConfig> out = new LinkedHashMap<>();
    Optional<SettingsNode> section = root.sectionNode("providers");
    if (section.isEmpty()) {
      root.problem("providers", "is required: at least one provider");
      return out;
    }
    if (section.get().keys().isEmpty())
      section.get().problem(null, "must define at least one provider");
    declaredProviders.addAll(section.get().keys());
    for (String id : section.get().keys()) {
      SettingsNode p = section.get().sectionNode(id).orElse(null);
      if (p == null) continue;
      featureKeys(id, p);
      if (!id.matches("[A-Za-z0-9_.-]{1,64}"))
        p.problem(null, "provider ids must match [A-Za-z0-9_.-]{1,64}");
      // Resilience belongs to the core: read (and marked read) before the adapter's factory sees
      // the section.
      p.sectionNode("resilience").ifPresent(r -> resilience.provider(id, r));
      Optional<String> type = p.string("type");
      if (type.isEmpty()) {
        if (!p.has("type"))
          p.problem(
              "type",
              "is required ("
                  + String.join(", ", factories.types())
                  + ")"
                  + p.keys().stream()
                      .filter(k -> Suggestions.closest(k, List.of("type")).isPresent())
                      .findFirst()
                      .map(k -> "; '" + k + "' looks like a misspelt 'type'")
                      .orElse(""));
        p.markAllRead(); // without a type its other keys cannot be judged
        continue;
      }
      Optional<ModelProviderFactory> factory = factories.find(type.get());
      if (factory.isEmpty()) {
        String shown =
            type.get().matches("[A-Za-z0-9_.-]{1,32}") ? "'" + type.get() + "'" : "this type";
        p.problem(
            "type",
            "unknown provider type "
                + shown
                + "; known types: "
                + String.join(", ", factories.types())
                + (type.get().matches("[A-Za-z0-9_.-]{1,32}")
                    ? Suggestions.hint(type.get(), factories.types())
                    : "")
                + " (is the adapter's jar on the class path?)");
        p.markAllRead();
        continue;
      }
      providerTypes.put(id, type.get());
      out.put(id, factory.get().parse(p));
    }
    return out;
  }

  private Map<String, Route> models(SettingsNode root) {
    Map<String, Route> out = new LinkedHashMap<>();
    Optional<SettingsNode> section = root.sectionNode("models");
    if (section.isEmpty()) {
      root.problem("models", "is required: at least one logical model");
      return out;
    }
    if (section.get().keys().isEmpty())
      section.get().problem(null, "must define at least one logical model");
    Set<String> strategies = Set.of("failover", "weighted");
    for (String name : section.get().keys()) {
      SettingsNode m = section.get().sectionNode(name).orElse(null);
      if (m == null) continue;
      String strategy = m.oneOf("strategy", strategies).orElse("failover");
      m.sectionNode("resilience").ifPresent(r -> resilience.model(name, r));
      List<Target> targets = new ArrayList<>();
      if (m.has("targets")) {
        for (SettingsNode t : m.sectionNodes("targets"))
          target(t, strategy).ifPresent(targets::add);
        if (m.has("provider") || m.has("model")) {
          m.problem(null, "give either targets or provider and model, not both");
        }
      } else if (m.has("provider") || m.has("model")) {
        target(m, strategy).ifPresent(targets::add);
      } else {
        m.problem("targets", "is required: at least one { provider, model }");
      }
      if (!targets.isEmpty()) {
        out.put(
            name,
            new Route(
                strategy.equals("weighted") ? Route.Strategy.WEIGHTED : Route.Strategy.FAILOVER,
                targets));
      }
    }
    return out;
  }

  private Optional<Target> target(SettingsNode t, String strategy) {
    String provider = t.requiredString("provider");
    String model = t.requiredString("model");
    int weight = t.integer("weight").orElse(1);
    if (weight < 0 || (strategy.equals("weighted") && weight == 0))
      t.problem("weight", "must be a positive integer");
    if (!provider.isEmpty() && !declaredProviders.contains(provider)) {
      String shown =
          provider.matches("[A-Za-z0-9_.-]{1,64}") ? "'" + provider + "'" : "this provider";
      t.problem("provider", "names no configured provider: " + shown);
      return Optional.empty();
    }
    if (provider.isEmpty() || model.isEmpty()) return Optional.empty();
    return Optional.of(new Target(provider, model, Math.max(weight, 0)));
  }

  private static String defaultModel(SettingsNode root, Map<String, Route> models) {
    Optional<String> name = root.string("default-model");
    if (name.isPresent() && !models.containsKey(name.get())) {
      root.problem("default-model", "names no logical model under models");
      return null;
    }
    if (name.isEmpty() && models.size() == 1) return models.keySet().iterator().next();
    return name.orElse(null);
  }

  private static String defaultEmbeddingModel(SettingsNode root, Map<String, Route> models) {
    Optional<String> name = root.string("default-embedding-model");
    if (name.isPresent() && !models.containsKey(name.get())) {
      root.problem(
          "default-embedding-model",
          "names no logical model under models" + Suggestions.hint(name.get(), models.keySet()));
      return null;
    }
    return name.orElse(null);
  }

  private Timeouts resilience(SettingsNode root) {
    Optional<SettingsNode> section = root.sectionNode("resilience");
    if (section.isEmpty()) return Timeouts.DEFAULTS;
    resilience.global(section.get());
    Optional<SettingsNode> t = section.get().sectionNode("timeouts");
    if (t.isEmpty()) return Timeouts.DEFAULTS;
    Duration connect = positive(t.get(), "connect").orElse(Timeouts.DEFAULTS.connect());
    Duration read = positive(t.get(), "read").orElse(Timeouts.DEFAULTS.read());
    Duration call = positive(t.get(), "call").orElse(Timeouts.DEFAULTS.call());
    return new Timeouts(connect, read, call);
  }

  private static Optional<Duration> positive(SettingsNode s, String key) {
    Optional<Duration> d = s.duration(key);
    if (d.isPresent() && d.get().isZero()) {
      s.problem(key, "must be positive");
      return Optional.empty();
    }
    return d;
  }
}
