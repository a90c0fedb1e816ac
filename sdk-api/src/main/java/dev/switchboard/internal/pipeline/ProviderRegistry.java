package dev.switchboard.internal.pipeline;

import dev.switchboard.spi.ModelProvider;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The client's providers by id. Immutable after construction. */
public final class ProviderRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProviderRegistry.class);

  private final Map<String, ModelProvider> providers;

  public ProviderRegistry(Map<String, ModelProvider> providers) {
    this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
  }

  /** The provider with this id; routes are validated at build time, so it exists. */
  public ModelProvider require(String id) {
    ModelProvider p = providers.get(id);
    if (p == null) throw new IllegalStateException("no provider with id " + id);
    return p;
  }

  public boolean contains(String id) {
    return providers.containsKey(id);
  }

  public Set<String> ids() {
    return providers.keySet();
  }

  public Map<String, ModelProvider> asMap() {
    return providers;
  }

  @Override
  public void close() {
    for (ModelProvider p : providers.values()) {
      try {
        p.close();
      } catch (RuntimeException e) {
        log.warn("closing provider {} failed: {}", p.id(), e.getClass().getName());
      }
    }
  }
}
