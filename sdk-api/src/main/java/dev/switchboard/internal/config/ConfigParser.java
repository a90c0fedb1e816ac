package dev.switchboard.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.policy.ComplianceSettings;
import dev.switchboard.compliance.internal.ComplianceConfigParser;
import dev.switchboard.compliance.internal.ProfileParser;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.internal.CostConfigReader;
import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a config document into typed sections, collecting every problem with its path. One
 * method per top-level section; each feature adds its own.
 */
public final class ConfigParser {
  private static final YAMLMapper YAML = YAMLMapper.builder(YAMLFactory.builder().build())
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .build();

  private final List<String> problems = new ArrayList<>();
  private final java.util.Set<String> declaredProviders = new java.util.LinkedHashSet<>();
  private final ProviderFactories factories;
  private final Function<String, String> env;
  private final CostConfigReader cost;
  private final ResilienceParser resilience = new ResilienceParser();

  /** What a parse produced; only meaningful when {@link #problems()} is empty. */
  public record Result(Map<String, ProviderConfig> providers, Map<String, Route> models, String defaultModel,
      Timeouts timeouts, CostSettings cost, List<String> problems, ResilienceSettings resilience,
      Map<String, ProviderProfile> profiles, ComplianceSettings compliance) {}

  private final Map<String, ProviderProfile> profiles = new LinkedHashMap<>();
  private final Path baseDir;

  public ConfigParser(ProviderFactories factories, Function<String, String> env) {
    this(factories, env, null);
  }

  /** @param baseDir the directory relative file names (policy, audit file) resolve against; null: the working directory */
  public ConfigParser(ProviderFactories factories, Function<String, String> env, Path baseDir) {
    this.factories = factories;
    this.env = env;
    this.baseDir = baseDir;
    this.cost = new CostConfigReader(baseDir);
  }

  public Result parse(String yaml) {
    ObjectNode doc = read(yaml);
    if (doc == null) {
      return new Result(Map.of(), Map.of(), null, Timeouts.DEFAULTS, null, List.copyOf(problems),
          ResilienceSettings.ofDefaults(), Map.of(), null);
    }
    SettingsNode root = SettingsNode.root(doc, problems, env);
    Map<String, ProviderConfig> providers = providers(root);
    Map<String, Route> models = models(root);
    String defaultModel = defaultModel(root, models);
    Timeouts timeouts = resilience(root);
    CostSettings costSettings = cost.read(root);
    ResilienceSettings resilienceSettings = resilience.build(models);
    ComplianceSettings compliance = ComplianceConfigParser.parse(root, baseDir);
    root.reportUnknownKeys();
    return new Result(providers, models, defaultModel, timeouts, costSettings, List.copyOf(problems), resilienceSettings,
        Map.copyOf(profiles), compliance);
  }

  private ObjectNode read(String yaml) {
    JsonNode doc;
    try {
      doc = YAML.readTree(yaml);
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the offending line, which may hold a secret: give the position only.
      JsonLocation at = e.getLocation();
      String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String what = e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
          ? "a key appears twice" : "not valid YAML";
      problems.add("(document): " + what + where);
      return null;
    }
    if (doc == null || doc.isMissingNode() || doc.isNull()) {
      problems.add("(document): is empty");
      return null;
    }
    if (!doc.isObject()) {
      problems.add("(document): must be a mapping with providers and models");
      return null;
    }
    return (ObjectNode) doc;
  }

  private Map<String, ProviderConfig> providers(SettingsNode root) {
    Map<String, ProviderConfig> out = new LinkedHashMap<>();
    Optional<SettingsNode> section = root.sectionNode("providers");
    if (section.isEmpty()) {
      root.problem("providers", "is required: at least one provider");
      return out;
    }
    if (section.get().keys().isEmpty()) section.get().problem(null, "must define at least one provider");
    declaredProviders.addAll(section.get().keys());
    for (String id : section.get().keys()) {
      SettingsNode p = section.get().sectionNode(id).orElse(null);
      if (p == null) continue;
      cost.readProvider(id, p);
      if (!id.matches("[A-Za-z0-9_.-]{1,64}")) p.problem(null, "provider ids must match [A-Za-z0-9_.-]{1,64}");
      // Resilience and the compliance profile belong to the core: read (and marked read) before the
      // adapter's factory sees the section.
      p.sectionNode("resilience").ifPresent(r -> resilience.provider(id, r));
      p.sectionNode("profile").ifPresent(profile -> profiles.put(id, ProfileParser.parse(profile)));
      Optional<String> type = p.string("type");
      if (type.isEmpty()) {
        if (!p.has("type")) p.problem("type", "is required (" + String.join(", ", factories.types()) + ")");
        p.markAllRead(); // without a type its other keys cannot be judged
        continue;
      }
      Optional<ModelProviderFactory> factory = factories.find(type.get());
      if (factory.isEmpty()) {
        String shown = type.get().matches("[A-Za-z0-9_.-]{1,32}") ? "'" + type.get() + "'" : "this type";
        p.problem("type", "unknown provider type " + shown + "; known types: " + String.join(", ", factories.types())
            + " (is the adapter's jar on the class path?)");
        p.markAllRead();
        continue;
      }
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
    if (section.get().keys().isEmpty()) section.get().problem(null, "must define at least one logical model");
    Set<String> strategies = Set.of("failover", "weighted");
    for (String name : section.get().keys()) {
      SettingsNode m = section.get().sectionNode(name).orElse(null);
      if (m == null) continue;
      String strategy = m.oneOf("strategy", strategies).orElse("failover");
      m.sectionNode("resilience").ifPresent(r -> resilience.model(name, r));
      List<Target> targets = new ArrayList<>();
      if (m.has("targets")) {
        for (SettingsNode t : m.sectionNodes("targets")) target(t, strategy).ifPresent(targets::add);
        if (m.has("provider") || m.has("model")) {
          m.problem(null, "give either targets or provider and model, not both");
        }
      } else if (m.has("provider") || m.has("model")) {
        target(m, strategy).ifPresent(targets::add);
      } else {
        m.problem("targets", "is required: at least one { provider, model }");
      }
      if (!targets.isEmpty()) {
        out.put(name, new Route(strategy.equals("weighted") ? Route.Strategy.WEIGHTED : Route.Strategy.FAILOVER, targets));
      }
    }
    return out;
  }

  private Optional<Target> target(SettingsNode t, String strategy) {
    String provider = t.requiredString("provider");
    String model = t.requiredString("model");
    int weight = t.integer("weight").orElse(1);
    if (weight < 0 || (strategy.equals("weighted") && weight == 0)) t.problem("weight", "must be a positive integer");
    if (!provider.isEmpty() && !declaredProviders.contains(provider)) {
      String shown = provider.matches("[A-Za-z0-9_.-]{1,64}") ? "'" + provider + "'" : "this provider";
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
