package dev.switchboard.internal;

import dev.switchboard.spi.PipelineFeatureFactory;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The pipeline-feature factories on the class path, and which config keys they own. Two factories
 * claiming one key is a packaging error and fails fast, naming both classes.
 */
public final class FeatureFactories {
  /**
   * The artifact that reads each well-known config key, for the problem reported when a config uses
   * a section whose module is missing. Only names: the core depends on neither module.
   */
  private static final Map<String, String> KNOWN_SECTIONS =
      Map.of(
          "pricing", "dev.switchboard:switchboard-cost",
          "budgets", "dev.switchboard:switchboard-cost",
          "ledger", "dev.switchboard:switchboard-cost",
          "compliance", "dev.switchboard:switchboard-compliance",
          "audit", "dev.switchboard:switchboard-compliance");

  private static final Map<String, String> KNOWN_PROVIDER_KEYS =
      Map.of(
          "pricing", "dev.switchboard:switchboard-cost",
          "profile", "dev.switchboard:switchboard-compliance");

  private static volatile FeatureFactories discovered;

  private final List<PipelineFeatureFactory> factories;
  private final Map<String, PipelineFeatureFactory> bySection = new TreeMap<>();
  private final Map<String, PipelineFeatureFactory> byProviderKey = new TreeMap<>();

  private FeatureFactories(Iterable<PipelineFeatureFactory> found) {
    Map<String, PipelineFeatureFactory> byName = new LinkedHashMap<>();
    for (PipelineFeatureFactory f : found) {
      claim(byName, f.name(), f, "name");
      for (String s : f.sections()) claim(bySection, s, f, "config section");
      for (String k : f.providerKeys()) claim(byProviderKey, k, f, "provider key");
    }
    this.factories = List.copyOf(byName.values());
  }

  private static void claim(
      Map<String, PipelineFeatureFactory> map, String key, PipelineFeatureFactory f, String what) {
    PipelineFeatureFactory earlier = map.putIfAbsent(key, f);
    if (earlier != null && earlier.getClass() != f.getClass()) {
      throw new IllegalStateException(
          "two pipeline feature factories claim "
              + what
              + " '"
              + key
              + "': "
              + earlier.getClass().getName()
              + " and "
              + f.getClass().getName());
    }
  }

  /** The factories visible to this library's class loader; discovered once. */
  public static FeatureFactories discover() {
    FeatureFactories f = discovered;
    if (f == null) {
      f =
          new FeatureFactories(
              ServiceLoader.load(
                  PipelineFeatureFactory.class, FeatureFactories.class.getClassLoader()));
      discovered = f;
    }
    return f;
  }

  /** The given factories (for tests). */
  public static FeatureFactories of(Iterable<PipelineFeatureFactory> factories) {
    return new FeatureFactories(factories);
  }

  /** Every factory, in discovery order. */
  public List<PipelineFeatureFactory> all() {
    return factories;
  }

  /** True if some factory reads this top-level key. */
  public boolean ownsSection(String key) {
    return bySection.containsKey(key);
  }

  /** The artifact to add for a well-known top-level key that no factory on the class path reads. */
  public Optional<String> missingArtifactForSection(String key) {
    return bySection.containsKey(key)
        ? Optional.empty()
        : Optional.ofNullable(KNOWN_SECTIONS.get(key));
  }

  /** The artifact to add for a well-known provider key that no factory on the class path reads. */
  public Optional<String> missingArtifactForProviderKey(String key) {
    return byProviderKey.containsKey(key)
        ? Optional.empty()
        : Optional.ofNullable(KNOWN_PROVIDER_KEYS.get(key));
  }

  /** Unmodifiable view of the provider keys that factories read. */
  public Map<String, PipelineFeatureFactory> providerKeys() {
    return Collections.unmodifiableMap(byProviderKey);
  }
}
