package dev.switchboard.jdbc;

import dev.switchboard.jdbc.internal.BucketQuotaStore;
import dev.switchboard.jdbc.internal.QuotaFeature;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ClusterQuotas;
import dev.switchboard.spi.PipelineFeature;

/**
 * The shared store of {@code scope: cluster} rate limits in the shared database: every instance's
 * calls to a target count against one token bucket in PostgreSQL (Bucket4j), and a vendor's
 * Retry-After seen by one instance pauses all of them. A client built from a config with a {@code
 * jdbc:} block has it already; give it to a client built in code with {@link #feature}:
 *
 * <pre>{@code
 * ModelClient client = ModelClient.builder()
 *     .provider(foundry)
 *     .resilience(r -> r.provider("foundry-us",
 *         p -> p.withRateLimit(RateLimitPolicy.clusterPerMinute(600, 90_000, 4))))
 *     .with(ClusterQuotaStore.feature(db))
 *     .build();
 * }</pre>
 *
 * While the database cannot be reached, each instance keeps to its share of the limit (the limit
 * divided by the configured instance count), logs a warning and tells its listeners; it returns to
 * the shared bucket when the database answers again.
 *
 * @since 0.3
 */
public final class ClusterQuotaStore {
  private ClusterQuotaStore() {}

  /**
   * The store itself, on this database (not closed by it), for diagnostics: {@code
   * store(db).limiter(target, policy).availableRequests()} tells what is left of a shared limit.
   */
  public static ClusterQuotas store(SharedDatabase db) {
    Checks.notNull(db, "db");
    return BucketQuotaStore.of(() -> db, false);
  }

  /**
   * A feature that offers this database as the client's store of cluster rate limits. The tables
   * ({@code <prefix>quota_bucket}, {@code <prefix>quota_backoff}) are created on first use; the
   * database is not closed with the client.
   */
  public static PipelineFeature feature(SharedDatabase db) {
    Checks.notNull(db, "db");
    return new QuotaFeature(() -> BucketQuotaStore.of(() -> db, false));
  }
}
