package dev.switchboard.internal;

import dev.switchboard.spi.ModelProviderFactory;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The provider factories on the class path, by config type. Two factories claiming one type is a
 * packaging error and fails fast, naming both classes.
 */
public final class ProviderFactories {
  private static volatile ProviderFactories discovered;

  private final Map<String, ModelProviderFactory> byType;

  private ProviderFactories(Map<String, ModelProviderFactory> byType) {
    this.byType = Collections.unmodifiableMap(byType);
  }

  /** The factories visible to this library's class loader; discovered once. */
  public static ProviderFactories discover() {
    ProviderFactories f = discovered;
    if (f == null) {
      f =
          load(
              ServiceLoader.load(
                  ModelProviderFactory.class, ProviderFactories.class.getClassLoader()));
      discovered = f;
    }
    return f;
  }

  /** The given factories (for tests and for class loaders of the caller's choosing). */
  public static ProviderFactories of(Iterable<ModelProviderFactory> factories) {
    return load(factories);
  }

  private static ProviderFactories load(Iterable<ModelProviderFactory> factories) {
    Map<String, ModelProviderFactory> byType = new TreeMap<>();
    for (ModelProviderFactory f : factories) {
      ModelProviderFactory earlier = byType.putIfAbsent(f.type(), f);
      if (earlier != null && earlier.getClass() != f.getClass()) {
        throw new IllegalStateException(
            "two provider factories claim type '"
                + f.type()
                + "': "
                + earlier.getClass().getName()
                + " and "
                + f.getClass().getName());
      }
    }
    return new ProviderFactories(byType);
  }

  public Optional<ModelProviderFactory> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Set<String> types() {
    return byType.keySet();
  }
}
