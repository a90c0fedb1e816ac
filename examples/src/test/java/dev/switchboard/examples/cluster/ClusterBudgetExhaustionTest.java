package dev.switchboard.examples.cluster;

import static dev.switchboard.examples.cluster.ClusterProcesses.next;
import static dev.switchboard.examples.cluster.ClusterProcesses.vendorCalls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.examples.LoopbackServers;
import dev.switchboard.examples.cluster.ClusterProcesses.Worker;
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
 * Four application instances, each a JVM of its own with 16 threads, spend one hard budget in one
 * embedded PostgreSQL until it runs out, all of them calling at once while it does.
 *
 * <p>The budget ({@value #LIMIT}) holds a few hundred calls, so it runs out mid-run whatever the
 * machine's speed: every thread keeps calling until a refusal says the budget is spent (settled
 * spending plus the call's maximum cost over the limit). Nothing is timed; the run ends when the
 * money does. Then the books are checked where they are kept: nothing over the limit, the budget's
 * spent equal to the ledger to the micro-dollar, every refusal a budget refusal that never reached
 * the vendor, no reservation left open, and an audit trail with one decision and one outcome per
 * call (the refusals' outcomes naming the budget refusal) that {@code audit verify} finds intact.
 */
class ClusterBudgetExhaustionTest {
  private static final int INSTANCES = 4;
  private static final int THREADS = 16;
  private static final String LIMIT = "0.030000";
  private static final Usage USAGE = Usage.of(42, 12);
  // input 42 x 1.00/M + output 12 x 4.00/M
  private static final BigDecimal PER_CALL = new BigDecimal("0.000090");
  private static final String AUDIT_KEY = "demo-only-audit-key-change-me-0123456789";

  @TempDir Path dir;

  @Test
  @Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
  void fourInstancesSpendOneHardBudgetToTheLimitAndNeverPast() throws Exception {
    YearMonth month = YearMonth.now(ZoneOffset.UTC); // the budget's period
    try (EmbeddedPostgres pg = EmbeddedPostgres.start()) {
      WireMockServer vendor = LoopbackServers.foundry("Follow-up in two weeks.", USAGE);
      List<Worker> workers = new ArrayList<>();
      try {
        Path config = config(pg.getJdbcUrl("postgres", "postgres"), vendor.baseUrl());
        for (int i = 1; i <= INSTANCES; i++) {
          workers.add(
              ClusterProcesses.spawn(
                  BudgetWorker.class,
                  dir.resolve("worker-" + i + ".log"),
                  config.toString(),
                  Integer.toString(THREADS),
                  dir.toString()));
        }
        for (Worker w : workers) assertThat(next(w, "READY")).startsWith("READY");
        Files.createFile(dir.resolve("go"));

        long calls = 0;
        long answered = 0;
        long refused = 0;
        long endedSpent = 0;
        long other = 0;
        BigDecimal requested = BigDecimal.ZERO;
        for (Worker w : workers) {
          String[] done = next(w, "DONE").split(" ");
          assertThat(w.process().waitFor(60, TimeUnit.SECONDS)).isTrue();
          calls += Long.parseLong(done[1]);
          answered += Long.parseLong(done[2]);
          refused += Long.parseLong(done[3]);
          endedSpent += Long.parseLong(done[4]);
          other += Long.parseLong(done[5]);
          requested = requested.max(new BigDecimal(done[6]));
        }
        System.out.printf(
            "budget run: calls %d, answered %d, refused by the budget %d (largest request %s)%n",
            calls, answered, refused, requested.toPlainString());

        assertThat(other).as("no failure other than the budget's refusals").isZero();
        assertThat(endedSpent)
            .as("every thread of every instance ran until the budget was spent")
            .isEqualTo(INSTANCES * THREADS);
        assertThat(calls).as("every call answered or refused").isEqualTo(answered + refused);
        assertThat(vendorCalls(vendor))
            .as("a refused call never reached the vendor")
            .isEqualTo(answered);
        // a run across the end of a month (UTC) splits the spend between two periods' rows
        assumeTrue(
            YearMonth.now(ZoneOffset.UTC).equals(month),
            "the run crossed into another budget period");
        assertBooks(pg, answered, refused, calls, requested);
        ClusterProcesses.assertAuditIntact(config);
      } finally {
        for (Worker w : workers) w.process().destroyForcibly();
        vendor.stop();
      }
    }
  }

  private static void assertBooks(
      EmbeddedPostgres pg, long answered, long refused, long calls, BigDecimal requested)
      throws Exception {
    BigDecimal limit = new BigDecimal(LIMIT);
    BigDecimal ledger = PER_CALL.multiply(BigDecimal.valueOf(answered));
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*), coalesce(sum(amount), 0) FROM switchboard_cost_ledger")) {
        rs.next();
        assertThat(rs.getLong(1)).as("one ledger record per answered call").isEqualTo(answered);
        assertThat(rs.getBigDecimal(2)).as("ledger total").isEqualByComparingTo(ledger);
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT spent, reserved FROM switchboard_budget WHERE budget_name = 'ward'")) {
        assertThat(rs.next()).isTrue();
        BigDecimal spent = rs.getBigDecimal(1);
        assertThat(spent).as("budget spent equals the ledger").isEqualByComparingTo(ledger);
        assertThat(spent).as("no overspend").isLessThanOrEqualTo(limit);
        assertThat(spent.add(requested))
            .as("the budget ran out: not one more call fits")
            .isGreaterThan(limit);
        assertThat(rs.getBigDecimal(2)).as("nothing left reserved").isZero();
        assertThat(rs.next()).as("one budget row (one period)").isFalse();
      }
      try (ResultSet rs = s.executeQuery("SELECT count(*) FROM switchboard_budget_reservation")) {
        rs.next();
        assertThat(rs.getLong(1)).as("no reservation left open").isZero();
      }
      try (ResultSet rs =
          s.executeQuery(
              "SELECT count(*) FILTER (WHERE event_type = 'ai.decision'),"
                  + " count(*) FILTER (WHERE event_type = 'ai.response'),"
                  + " count(*) FILTER (WHERE event_type = 'ai.response'"
                  + " AND record LIKE '%\"BudgetExceededException\"%') FROM switchboard_audit")) {
        rs.next();
        assertThat(rs.getLong(1)).as("one decision record per call").isEqualTo(calls);
        assertThat(rs.getLong(2)).as("one outcome record per call").isEqualTo(calls);
        assertThat(rs.getLong(3))
            .as("each refusal's outcome record names the budget refusal")
            .isEqualTo(refused);
      }
    }
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
            // A call reserves its maximum cost: the prompt's most tokens and 100 output tokens,
            // about 0.0005; it settles at 0.00009. So a refusal may come from calls in flight,
            // and the budget is spent when less than one call's maximum is left.
            "    pricing: { input-per-million: 1.00, output-per-million: 4.00,"
                + " max-output-tokens: 100 }",
            "models:",
            "  notes: { provider: foundry-us, model: gpt-4o-prod }",
            "resilience:",
            "  retry: { max-attempts: 1 }",
            "jdbc:",
            "  url: " + jdbcUrl,
            "  pool-size: 8",
            // 16 callers share 8 connections: on a loaded machine a wait may pass the 5 s default
            "  connection-timeout: 30s",
            "ledger: { type: jdbc }",
            "budgets:",
            "  - { name: ward, limit: " + LIMIT + ", period: month, mode: hard }",
            "compliance:",
            "  audit-key: " + AUDIT_KEY,
            "audit: { type: jdbc }",
            ""));
    return config;
  }
}
