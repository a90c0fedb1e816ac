package dev.switchboard.jdbc.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Target;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.spi.ClusterQuotas.SharedRateLimiter;
import io.github.bucket4j.TimeMeter;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Cluster rate limits in a real PostgreSQL: two stores with data sources of their own stand for two
 * instances. Time is a virtual clock shared by both (Bucket4j's client clock), so refills are
 * exact.
 */
class BucketQuotaStoreTest {
  private static final long SECOND = 1_000_000_000L;
  private static EmbeddedPostgres postgres;
  private static int schemas;

  private final AtomicLong now = new AtomicLong(1_000 * SECOND);
  private final TimeMeter clock =
      new TimeMeter() {
        @Override
        public long currentTimeNanos() {
          return now.get();
        }

        @Override
        public boolean isWallClockBased() {
          return true;
        }
      };
  private final List<BucketQuotaStore> stores = new ArrayList<>();
  private final String schema = "quota_" + (++schemas);

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  @AfterEach
  void close() {
    stores.forEach(BucketQuotaStore::close);
  }

  /** One instance: a pool of its own (pool sizes differ, so pools do) on the shared database. */
  private SharedRateLimiter instance(Target target, RateLimitPolicy policy) {
    JdbcSettings settings =
        JdbcSettings.of(postgres.getJdbcUrl("postgres", "postgres"))
            .withSchema(schema)
            .withTablePrefix("sb_")
            .withPoolSize(2 + stores.size());
    BucketQuotaStore store = new BucketQuotaStore(() -> SharedDatabase.open(settings), true, clock);
    stores.add(store);
    return store.limiter(target, policy);
  }

  private static final Target TARGET = Target.of("foundry-us", "gpt-4.1-mini");

  @Test
  void instancesDrawOnOneBucketThatRefillsContinuously() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(60, 0, 2);
    SharedRateLimiter a = instance(TARGET, policy);
    SharedRateLimiter b = instance(TARGET, policy);

    for (int i = 0; i < 40; i++) assertThat(a.reserve(0, 0)).isZero();
    for (int i = 0; i < 20; i++) assertThat(b.reserve(0, 0)).isZero();

    assertThat(a.reserve(0, 0)).as("the 61st waits one second").isEqualTo(-SECOND - 1);
    now.addAndGet(SECOND);
    assertThat(b.reserve(0, 0)).isZero();
  }

  @Test
  void aReservationWithinTheWaitIsTakenAheadAndTheNextQueuesBehindIt() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(60, 0, 2);
    SharedRateLimiter a = instance(TARGET, policy);
    SharedRateLimiter b = instance(TARGET, policy);
    for (int i = 0; i < 60; i++) a.reserve(0, 0);

    assertThat(a.reserve(0, 5 * SECOND)).isEqualTo(SECOND);
    assertThat(b.reserve(0, 5 * SECOND)).isEqualTo(2 * SECOND);
    assertThat(b.reserve(0, SECOND)).as("refused: nothing taken").isEqualTo(-3 * SECOND - 1);
    assertThat(a.reserve(0, 5 * SECOND)).isEqualTo(3 * SECOND);
    assertThat(b.availableRequests()).as("three reservations queued").hasValue(-3);
  }

  @Test
  void tokensAreChargedAfterTheAnswerAndGivenBackForEveryInstance() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(0, 1_000, 2);
    SharedRateLimiter a = instance(TARGET, policy);
    SharedRateLimiter b = instance(TARGET, policy);

    assertThat(a.reserve(900, 0)).isZero();
    assertThat(b.reserve(200, 0)).as("only 100 left").isNegative();
    a.correct(900, 100);
    assertThat(b.reserve(900, 0)).as("800 given back").isZero();
    b.correct(900, 960);
    assertThat(a.reserve(1, 0)).as("60 more charged: the bucket is at -60").isNegative();
    now.addAndGet(4 * SECOND); // 1,000 per minute: 66 tokens in 4 s
    assertThat(a.reserve(6, 0)).isZero();
  }

  @Test
  void aCancelledReservationGivesBackTheRequestAndItsTokens() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(1, 100, 2);
    SharedRateLimiter a = instance(TARGET, policy);
    SharedRateLimiter b = instance(TARGET, policy);

    assertThat(a.reserve(100, 0)).isZero();
    a.cancel(100);

    assertThat(b.reserve(100, 0)).isZero();
  }

  @Test
  void aRefusedTokenReservationGivesTheRequestBack() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(2, 100, 2);
    SharedRateLimiter a = instance(TARGET, policy);

    assertThat(a.reserve(100, 0)).isZero();
    assertThat(a.reserve(100, 0)).isNegative();

    now.addAndGet(60 * SECOND);
    assertThat(a.reserve(50, 0)).isZero();
    assertThat(a.reserve(50, 0)).as("the refused call did not keep its request").isZero();
  }

  @Test
  void aRetryAfterSeenByOneInstancePausesTheOthers() {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(600, 0, 2);
    SharedRateLimiter a = instance(TARGET, policy);
    SharedRateLimiter b = instance(TARGET, policy);
    SharedRateLimiter other = instance(Target.of("foundry-eu", "gpt-4.1-mini"), policy);

    a.backOff(5 * SECOND);
    b.backOff(2 * SECOND); // shorter: does not shorten the first

    assertThat(b.reserve(0, SECOND)).as("refused: the pause is longer").isEqualTo(-5 * SECOND - 1);
    assertThat(b.reserve(0, 10 * SECOND)).as("taken, after the pause").isEqualTo(5 * SECOND);
    assertThat(other.reserve(0, 0)).as("another target is not paused").isZero();
    now.addAndGet(5 * SECOND);
    assertThat(a.reserve(0, 0)).isZero();
  }

  @Test
  void differentLimitsForOneTargetKeepBucketsOfTheirOwn() throws Exception {
    SharedRateLimiter small = instance(TARGET, RateLimitPolicy.clusterPerMinute(1, 0, 2));
    SharedRateLimiter large = instance(TARGET, RateLimitPolicy.clusterPerMinute(100, 0, 2));
    small.reserve(0, 0);

    assertThat(small.reserve(0, 0)).isNegative();
    assertThat(large.reserve(0, 0)).isZero();
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT id FROM " + schema + ".sb_quota_bucket ORDER BY id")) {
      List<String> ids = new ArrayList<>();
      while (rs.next()) ids.add(rs.getString(1));
      assertThat(ids)
          .containsExactly("foundry-us/gpt-4.1-mini/rpm1", "foundry-us/gpt-4.1-mini/rpm100");
    }
  }

  @Test
  void concurrentInstancesNeverAdmitMoreThanTheBucketHolds() throws Exception {
    RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(100, 0, 4);
    List<SharedRateLimiter> instances = new ArrayList<>();
    for (int i = 0; i < 4; i++) instances.add(instance(TARGET, policy));
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      List<Future<Integer>> admitted = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        SharedRateLimiter l = instances.get(t % 4);
        admitted.add(
            pool.submit(
                () -> {
                  int n = 0;
                  for (int i = 0; i < 20; i++) if (l.reserve(0, 0) >= 0) n++;
                  return n;
                }));
      }
      int total = 0;
      for (Future<Integer> f : admitted) total += f.get();
      assertThat(total).as("320 tries on a frozen clock: exactly the bucket").isEqualTo(100);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anUnreachableDatabaseFailsEachOperationFastWithARuntimeException() throws Exception {
    // port 1 (tcpmux) is never served: the connection is refused at once
    JdbcSettings dead =
        JdbcSettings.of("jdbc:postgresql://127.0.0.1:1/none")
            .withConnectionTimeout(Duration.ofMillis(250));
    BucketQuotaStore store = new BucketQuotaStore(() -> SharedDatabase.open(dead), true, clock);
    stores.add(store);
    SharedRateLimiter l = store.limiter(TARGET, RateLimitPolicy.clusterPerMinute(60, 0, 2));

    assertThatThrownBy(() -> l.reserve(0, 0))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("cannot connect to the shared database");
  }
}
