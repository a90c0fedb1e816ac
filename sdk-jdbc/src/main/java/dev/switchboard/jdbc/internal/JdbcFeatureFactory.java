package dev.switchboard.jdbc.internal;

import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.spi.FeatureConfigReader;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.PipelineFeatureFactory;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Claims the config's {@code jdbc:} block, so that a config using it loads (and lists its problems)
 * whenever this module is on the class path. The block adds no stage of its own: the ledger,
 * budgets and audit trail read it from their own sections; it offers the client the store of its
 * {@code scope: cluster} rate limits.
 */
public final class JdbcFeatureFactory implements PipelineFeatureFactory {
  @Override
  public String name() {
    return "jdbc";
  }

  @Override
  public Set<String> sections() {
    return Set.of("jdbc");
  }

  @Override
  public Set<String> providerKeys() {
    return Set.of();
  }

  @Override
  public FeatureConfigReader newReader(Path baseDir) {
    return new FeatureConfigReader() {
      @Override
      public void readProvider(String providerId, ProviderSettings provider) {}

      @Override
      public Optional<PipelineFeature> read(
          ProviderSettings root, Map<String, String> providerTypes) {
        // The block offers the store of scope: cluster rate limits; the pool opens only if a
        // cluster limit is used (the ledger, budgets and audit trail open it themselves).
        return JdbcConfig.read(root, baseDir)
            .map(
                settings ->
                    new QuotaFeature(
                        () -> BucketQuotaStore.of(() -> SharedDatabase.open(settings), true)));
      }
    };
  }
}
