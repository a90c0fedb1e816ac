package dev.switchboard.jdbc.internal;

import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Offers a {@link BucketQuotaStore} to each client it is installed in, as the store of its {@code
 * scope: cluster} rate limits; the store is closed with the client. Adds no stage.
 */
public final class QuotaFeature implements PipelineFeature {
  private final Supplier<BucketQuotaStore> stores;

  /**
   * @param stores a new store per client
   */
  public QuotaFeature(Supplier<BucketQuotaStore> stores) {
    this.stores = stores;
  }

  @Override
  public String name() {
    return "cluster-quotas";
  }

  @Override
  public InstalledFeature install(FeatureContext context) {
    BucketQuotaStore store = stores.get();
    return InstalledFeature.of(Map.of(), store).withClusterQuotas(store);
  }
}
