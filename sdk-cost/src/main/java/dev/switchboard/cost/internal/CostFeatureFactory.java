package dev.switchboard.cost.internal;

import dev.switchboard.cost.CostTracking;
import dev.switchboard.spi.FeatureConfigReader;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.PipelineFeatureFactory;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plugs cost tracking into config loading: reads {@code pricing}, {@code budgets}, {@code ledger}
 * and each provider's {@code pricing}. A config-built client tracks cost whenever this module is on
 * the class path, with the bundled catalog when the file sets none.
 */
public final class CostFeatureFactory implements PipelineFeatureFactory {
  @Override
  public String name() {
    return CostTracking.NAME;
  }

  @Override
  public Set<String> sections() {
    return Set.of("pricing", "budgets", "ledger");
  }

  @Override
  public Set<String> providerKeys() {
    return Set.of("pricing");
  }

  @Override
  public FeatureConfigReader newReader(Path baseDir) {
    CostConfigReader reader = new CostConfigReader(baseDir);
    return new FeatureConfigReader() {
      @Override
      public void readProvider(String providerId, ProviderSettings provider) {
        reader.readProvider(providerId, provider);
      }

      @Override
      public Optional<PipelineFeature> read(
          ProviderSettings root, Map<String, String> providerTypes) {
        return Optional.of(CostTracking.of(reader.read(root)));
      }
    };
  }
}
