package dev.switchboard.jdbc.internal;

import dev.switchboard.Target;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.spi.ClusterQuotas;
import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * The {@code scope: cluster} rate limits of every instance, in PostgreSQL: one Bucket4j token
 * bucket per target and limit (a row of {@code <prefix>quota_bucket}, updated under {@code SELECT
 * ... FOR UPDATE}), refilling greedily (continuously) like the per-instance bucket, and a shared
 * back-off time per target ({@code <prefix>quota_backoff}) that an instance sets when a vendor
 * sends Retry-After.
 *
 * <p>The database is opened and the tables created on first use, not at start: an instance whose
 * database is down at start still starts and keeps to its share of the limit. Any failure
 * propagates as a {@link RuntimeException}, which the client turns into that fallback.
 *
 * <p>Time is each instance's wall clock (Bucket4j's client-side clock): instances must keep their
 * clocks in sync (NTP), as they already must for audit timestamps. Thread-safe.
 */
public final class BucketQuotaStore implements ClusterQuotas, AutoCloseable {
  /** How long an instance trusts the back-off it last read before reading it again. */
  static final long BACKOFF_READ_NANOS = Duration.ofSeconds(1).toNanos();

  private final Supplier<SharedDatabase> opener;
  private final boolean closeDatabase;
  private final TimeMeter time;
  private Opened opened;
  private boolean closed;

  private record Opened(
      SharedDatabase db, ProxyManager<String> buckets, String readBackoff, String writeBackoff) {}

  /**
   * @param opener opens the database on first use
   * @param closeDatabase whether {@link #close()} closes what {@code opener} gave
   * @param time the clock the buckets and back-offs are kept on (the wall clock in production)
   */
  public BucketQuotaStore(Supplier<SharedDatabase> opener, boolean closeDatabase, TimeMeter time) {
    this.opener = opener;
    this.closeDatabase = closeDatabase;
    this.time = time;
  }

  /** A store on the wall clock. */
  public static BucketQuotaStore of(Supplier<SharedDatabase> opener, boolean closeDatabase) {
    return new BucketQuotaStore(opener, closeDatabase, TimeMeter.SYSTEM_MILLISECONDS);
  }

  @Override
  public SharedRateLimiter limiter(Target target, RateLimitPolicy policy) {
    return new Limiter(target, policy);
  }

  private synchronized Opened opened() {
    if (closed) throw new IllegalStateException("the cluster quota store is closed");
    if (opened != null) return opened;
    SharedDatabase db = opener.get();
    try {
      String buckets = db.table("quota_bucket");
      String backoff = db.table("quota_backoff");
      db.createTables(
          "the cluster quota tables",
          List.of(
              // Bucket4j's layout: the serialized bucket state per key.
              "CREATE TABLE IF NOT EXISTS "
                  + buckets
                  + " (id VARCHAR(512) PRIMARY KEY, state BYTEA, expires_at BIGINT)",
              "CREATE TABLE IF NOT EXISTS "
                  + backoff
                  + " (id VARCHAR(512) PRIMARY KEY, until_nanos BIGINT NOT NULL)"));
      ProxyManager<String> manager =
          Bucket4jPostgreSQL.selectForUpdateBasedBuilder(db.dataSource())
              .primaryKeyMapper(PrimaryKeyMapper.STRING)
              .table(buckets)
              .clientClock(time)
              .build();
      opened =
          new Opened(
              db,
              manager,
              "SELECT until_nanos FROM " + backoff + " WHERE id = ?",
              // GREATEST: a shorter pause never shortens a longer one another instance set.
              "INSERT INTO "
                  + backoff
                  + " (id, until_nanos) VALUES (?, ?) ON CONFLICT (id) DO UPDATE SET until_nanos ="
                  + " GREATEST("
                  + backoff
                  + ".until_nanos, EXCLUDED.until_nanos)");
      return opened;
    } catch (RuntimeException e) {
      if (closeDatabase) db.close();
      throw e;
    }
  }

  /** Closes the database if this store opened it. Idempotent. */
  @Override
  public void close() {
    Opened o;
    synchronized (this) {
      if (closed) return;
      closed = true;
      o = opened;
      opened = null;
    }
    if (o != null && closeDatabase) o.db().close();
  }

  /**
   * The key of one target's limit: provider id, model and the limit itself, so that instances
   * configured with different limits (during a rolling change) do not share a bucket sized for the
   * other.
   */
  static String key(Target target, String kind, long perMinute) {
    return target.provider() + "/" + target.model() + "/" + kind + perMinute;
  }

  /** One target's shared limit. */
  private final class Limiter implements SharedRateLimiter {
    private final RateLimitPolicy policy;
    private final String requestsKey;
    private final String tokensKey;
    private final String backoffKey;
    private BucketProxy requests;
    private BucketProxy tokens;
    private long backoffUntil;
    private long backoffReadAt = Long.MIN_VALUE;

    Limiter(Target target, RateLimitPolicy policy) {
      this.policy = policy;
      this.requestsKey = key(target, "rpm", policy.requestsPerMinute());
      this.tokensKey = key(target, "tpm", policy.tokensPerMinute());
      this.backoffKey = target.provider() + "/" + target.model();
    }

    private synchronized BucketProxy requests() {
      if (requests == null && policy.requestsPerMinute() > 0)
        requests = bucket(requestsKey, policy.requestsPerMinute());
      return requests;
    }

    private synchronized BucketProxy tokens() {
      if (tokens == null && policy.tokensPerMinute() > 0)
        tokens = bucket(tokensKey, policy.tokensPerMinute());
      return tokens;
    }

    private BucketProxy bucket(String key, long perMinute) {
      BucketConfiguration config =
          BucketConfiguration.builder()
              .addLimit(l -> l.capacity(perMinute).refillGreedy(perMinute, Duration.ofMinutes(1)))
              .build();
      return opened().buckets().builder().build(key, () -> config);
    }

    @Override
    public long reserve(long tokenCount, long maxWaitNanos) {
      long paused = pausedFor();
      if (paused > maxWaitNanos) return -paused - 1;
      long wait = paused;
      BucketProxy r = requests();
      if (r != null) {
        long w = take(r, 1, maxWaitNanos);
        if (w < 0) return w;
        wait = Math.max(wait, w);
      }
      BucketProxy t = tokens();
      if (t != null && tokenCount > 0) {
        long w = take(t, tokenCount, maxWaitNanos);
        if (w < 0) {
          if (r != null) r.addTokens(1);
          return w;
        }
        wait = Math.max(wait, w);
      }
      return wait;
    }

    /**
     * Takes {@code n} ahead of time if they are there within the wait (Bucket4j's reservation: the
     * balance may go negative and later takers queue behind); the wait is recorded, not slept, so
     * that the client sleeps on its own clock.
     */
    private long take(BucketProxy bucket, long n, long maxWaitNanos) {
      long[] slept = new long[1];
      BlockingStrategy record = nanos -> slept[0] = nanos;
      try {
        if (bucket.asBlocking().tryConsume(n, Math.max(1, maxWaitNanos), record)) return slept[0];
      } catch (InterruptedException e) {
        // The recording strategy never blocks; keep the flag for the caller.
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while reserving the cluster rate limit", e);
      }
      long needed = bucket.estimateAbilityToConsume(n).getNanosToWaitForRefill();
      return -Math.max(needed, maxWaitNanos + 1) - 1;
    }

    @Override
    public void cancel(long tokenCount) {
      BucketProxy r = requests();
      if (r != null) r.addTokens(1);
      BucketProxy t = tokens();
      if (t != null && tokenCount > 0) t.addTokens(tokenCount);
    }

    @Override
    public void correct(long charged, long actual) {
      BucketProxy t = tokens();
      if (t == null || charged == actual) return;
      if (actual > charged) t.consumeIgnoringRateLimits(actual - charged);
      else t.addTokens(charged - actual);
    }

    @Override
    public OptionalLong availableRequests() {
      BucketProxy r = requests();
      return r == null ? OptionalLong.empty() : OptionalLong.of(r.getAvailableTokens());
    }

    @Override
    public void backOff(long pauseNanos) {
      long until = time.currentTimeNanos() + pauseNanos;
      Opened o = opened();
      try (Connection c = o.db().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement(o.writeBackoff())) {
        s.setString(1, backoffKey);
        s.setLong(2, until);
        s.executeUpdate();
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot record the shared back-off (SQLState " + e.getSQLState() + ")", e);
      }
      synchronized (this) {
        backoffUntil = Math.max(backoffUntil, until);
      }
    }

    /**
     * How long the shared back-off still lasts; read from the database at most every {@link
     * #BACKOFF_READ_NANOS}, so a pause another instance sets is seen within about a second at the
     * cost of one small read per second per target, not one per call.
     */
    private long pausedFor() {
      long now = time.currentTimeNanos();
      synchronized (this) {
        if (backoffReadAt != Long.MIN_VALUE && now - backoffReadAt < BACKOFF_READ_NANOS)
          return backoffUntil > now ? backoffUntil - now : 0;
      }
      Opened o = opened();
      long until = 0;
      try (Connection c = o.db().dataSource().getConnection();
          PreparedStatement s = c.prepareStatement(o.readBackoff())) {
        s.setString(1, backoffKey);
        try (ResultSet rs = s.executeQuery()) {
          if (rs.next()) until = rs.getLong(1);
        }
      } catch (SQLException e) {
        throw new IllegalStateException(
            "cannot read the shared back-off (SQLState " + e.getSQLState() + ")", e);
      }
      synchronized (this) {
        backoffUntil = Math.max(backoffUntil, until);
        backoffReadAt = now;
        return backoffUntil > now ? backoffUntil - now : 0;
      }
    }
  }
}
