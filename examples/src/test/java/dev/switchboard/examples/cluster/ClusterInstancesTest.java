package dev.switchboard.examples.cluster;

import static dev.switchboard.examples.cluster.ClusterProcesses.next;
import static dev.switchboard.examples.cluster.ClusterProcesses.vendorCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.Target;
import dev.switchboard.examples.LoopbackServers;
import dev.switchboard.examples.cluster.ClusterProcesses.Worker;
import dev.switchboard.jdbc.ClusterQuotaStore;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.spi.ClusterQuotas.SharedRateLimiter;
import dev.switchboard.usage.Usage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four application instances, each a JVM of its own with 16 threads, share one embedded PostgreSQL
 * (quota, hard budget, ledger and audit trail) and call one loopback Foundry stub under a {@code
 * scope: cluster} limit of 600 requests per minute.
 *
 * <p>Nothing here asserts on how fast the machine is. The window's quota comes from the shared
 * bucket's own accounting: the bucket is emptied when the window opens, so whatever the instances
 * were admitted in it is exactly the refill of the window minus what the bucket still holds when it
 * closes (negative for reservations queued). A slow machine only makes the window's quota smaller,
 * not the comparison looser. What is compared is counted where it happened: at the vendor stub, in
 * the ledger, in the audit trail.
 */
class ClusterInstancesTest {
  private static final int INSTANCES = 4;
  private static final int THREADS = 16;
  private static final int PER_MINUTE = 600;
  private static final long WINDOW_MILLIS = 15_000;
  private static final Usage USAGE = Usage.of(42, 12);
  // input 42 x 1.00/M + output 12 x 4.00/M
  private static final BigDecimal PER_CALL = new BigDecimal("0.000090");
  private static final String AUDIT_KEY = "demo-only-audit-key-change-me-0123456789";

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fourInstancesShareTheQuotaTheBudgetTheLedgerAndTheAuditTrail() throws Exception {
    YearMonth month = YearMonth.now(ZoneOffset.UTC); // the budget's period
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      WireMockServer vendor = LoopbackServers.foundry("Follow-up in two weeks.", USAGE);
      List<Worker> workers = new ArrayList<>();
      try {
        Path config = config(pg.getJdbcUrl("postgres", "postgres"), vendor.baseUrl());
        for (int i = 0; i < INSTANCES; i++) workers.add(spawn(config));
        phase("database and stub up");
        for (Worker w : workers) assertThat(next(w, "READY")).startsWith("READY");
        phase("instances ready");
        int warmUps = vendorCalls(vendor);

        // Open the window: empty the shared bucket, so the instances get only its refill.
        Target target = Target.of("foundry-us", "gpt-4o-prod");
        RateLimitPolicy policy = RateLimitPolicy.clusterPerMinute(PER_MINUTE, 0, INSTANCES);
        // A pool of its own: emptying the bucket must outpace its refill of 10 a second.
        try (SharedDatabase db =
            SharedDatabase.open(
                JdbcSettings.of(pg.getJdbcUrl("postgres", "postgres")).withPoolSize(2))) {
          SharedRateLimiter bucket = ClusterQuotaStore.store(db).limiter(target, policy);
          int taken = 0;
          long lastLook = System.currentTimeMillis();
          while (bucket.reserve(0, 0) >= 0) {
            lastLook = System.currentTimeMillis(); // before the look that finds the bucket empty
            assertThat(++taken)
                .as("emptying the bucket outpaces its refill")
                .isLessThan(3 * PER_MINUTE);
          }
          phase("bucket emptied");
          long opened = System.currentTimeMillis();
          Files.createFile(dir.resolve("go"));
          Thread.sleep(WINDOW_MILLIS);
          long closed = System.currentTimeMillis();
          long left = bucket.availableRequests().orElseThrow();
          Files.createFile(dir.resolve("stop"));

          long calls = 0;
          long answered = 0;
          long failedOtherwise = 0;
          for (Worker w : workers) {
            String[] done = next(w, "DONE").split(" ");
            assertThat(w.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
            calls += Long.parseLong(done[1]);
            answered += Long.parseLong(done[2]);
            failedOtherwise += Long.parseLong(done[4]);
          }
          long lastRead = System.currentTimeMillis();
          long afterStop = bucket.availableRequests().orElseThrow();
          long ended = System.currentTimeMillis();
          phase("workers done");

          // The quota: the window's refill by the bucket's accounting, against the calls the bucket
          // admitted in it (those sent, and those reserved and waiting when it closed).
          double windowQuota = PER_MINUTE * (closed - opened) / 60_000.0;
          double admittedInWindow = windowQuota - left;
          // What reached the vendor went through the shared bucket, every instance's calls.
          long sent = vendorCalls(vendor) - warmUps;
          // From the bucket's emptying to the last look at it, after every instance stopped: each
          // of the two moments is known between the clock readings around it (a database round
          // trip apart, which a loaded machine can stretch), so the refill is bounded both ways.
          double refillLeast = PER_MINUTE * (lastRead - opened) / 60_000.0;
          double refillMost = PER_MINUTE * (ended - lastLook) / 60_000.0;
          double admittedInAll = PER_MINUTE * (ended - opened) / 60_000.0 - afterStop;
          System.out.printf(
              "cluster window: %d ms, quota %.1f, admitted %.1f (left %d); to the end: admitted"
                  + " %.1f, at the vendor %d; calls %d, answered %d%n",
              closed - opened,
              windowQuota,
              admittedInWindow,
              left,
              admittedInAll,
              sent,
              calls,
              answered);
          // Never over the quota; and not far under it either, though 64 callers on a starved
          // machine may leave some of the refill unused (the bucket keeps it, up to its capacity)
          assertThat(admittedInWindow)
              .as("requests admitted in the window against a quota of %.1f", windowQuota)
              .isBetween(windowQuota * 0.8, windowQuota * 1.05);
          // one token either side: the bucket's fraction left when it was found empty, and the
          // whole tokens the last look rounds down to
          assertThat((double) sent)
              .as("calls at the vendor against what the bucket admitted from opening to the end")
              .isBetween(refillLeast - afterStop - 1.5, refillMost - afterStop + 1.5);
          assertThat(failedOtherwise).as("no call failed except by the rate limit").isZero();
          assertThat(answered).isEqualTo(vendorCalls(vendor));

          // a run across the end of a month (UTC) splits the spend between two periods' rows
          assumeTrue(
              YearMonth.now(ZoneOffset.UTC).equals(month),
              "the run crossed into another budget period");
          assertBooks(pg, answered, calls);
          phase("books checked");
        }
      } finally {
        for (Worker w : workers) w.process().destroyForcibly();
        vendor.stop();
      }
    }
  }

  private final long started = System.nanoTime();

  private void phase(String what) {
    System.out.printf("%6d ms %s%n", (System.nanoTime() - started) / 1_000_000, what);
  }

  /** The ledger exact to the cent, the budget never over and equal to it, the chain intact. */
  private void assertBooks(EmbeddedPostgres pg, long answered, long calls) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), coalesce(sum(amount), 0) FROM switchboard_cost_ledger")) {
        rs.next();
        assertThat(rs.getLong(1)).as("one ledger record per answered call").isEqualTo(answered);
        assertThat(rs.getBigDecimal(2))
            .as("ledger total")
            .isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(answered)));
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT spent, reserved FROM switchboard_budget WHERE budget_name = 'ward'")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getBigDecimal(1))
            .as("budget spent equals the ledger")
            .isEqualByComparingTo(PER_CALL.multiply(BigDecimal.valueOf(answered)))
            .isLessThanOrEqualTo(new BigDecimal("50.00"));
        assertThat(rs.getBigDecimal(2)).as("no reservation left behind").isZero();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FILTER (WHERE event_type = 'ai.decision'),"
                  + " count(*) FILTER (WHERE event_type = 'ai.response') FROM switchboard_audit")) {
        rs.next();
        assertThat(rs.getLong(1)).as("one decision record per call").isEqualTo(calls);
        assertThat(rs.getLong(2)).as("one outcome record per call").isEqualTo(calls);
      }
    }
    ClusterProcesses.assertAuditIntact(dir.resolve("switchboard.yaml"));
  }

  private Path config(String jdbcUrl, String vendorUrl) throws Exception {
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "default-model: notes",
            "providers:",
            "  foundry-us:",
            "    type: foundry",
            "    endpoint: \"" + vendorUrl + "\"",
            "    api: openai-v1",
            "    auth: { type: api-key, key: stub-test-key }",
            "    pricing: { input-per-million: 1.00, output-per-million: 4.00 }",
            "models:",
            "  notes: { provider: foundry-us, model: gpt-4o-prod }",
            "resilience:",
            // The limiter waits at most a quarter second for the shared bucket; a longer wait is a
            // refusal the worker backs off from. Bounds the reservations queued at any moment.
            "  retry: { max-attempts: 1, max-retry-after: 250ms }",
            "  rate-limit: { requests-per-minute: "
                + PER_MINUTE
                + ", scope: cluster, instances: 4 }",
            "jdbc:",
            "  url: " + jdbcUrl,
            "  pool-size: 8",
            // 16 callers share 8 connections: on a loaded machine a wait may pass the 5 s default
            "  connection-timeout: 30s",
            "ledger: { type: jdbc }",
            "budgets:",
            "  - { name: ward, limit: 50.00, period: month, mode: hard }",
            "compliance:",
            "  audit-key: " + AUDIT_KEY,
            "audit: { type: jdbc }",
            ""));
    return config;
  }

  private int spawned;

  /** A worker JVM; its log (a WARN line per refused call) goes to a file in the temp dir. */
  private Worker spawn(Path config) throws Exception {
    return ClusterProcesses.spawn(
        ClusterWorker.class,
        dir.resolve("worker-" + (++spawned) + ".log"),
        config.toString(),
        Integer.toString(THREADS),
        dir.toString());
  }
}
