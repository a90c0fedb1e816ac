package dev.switchboard.bench.jdbc;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * Records per second of the JDBC audit trail and ledger on one embedded PostgreSQL, from 1 and 4
 * JVMs with 1, 16 and 64 threads each. Each thread does what a call does to the shared database:
 * two audit records (decision, outcome) and one ledger record. After each run the chain is verified
 * and the record counts checked exactly.
 *
 * <pre>
 * mvn -B -o test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt \
 * -Dmdep.includeScope=test -pl benchmarks -am
 * java -cp "$(cat benchmarks/target/cp.txt):benchmarks/target/test-classes:benchmarks/target/classes" \
 *     dev.switchboard.bench.jdbc.JdbcThroughputHarness [seconds-per-run [JVMSxTHREADS,... [setting=value...]]]
 * </pre>
 *
 * <p>For example {@code 10 1x64,4x16 synchronous_commit=off} runs two configurations for 10 s each
 * on a server that does not wait for the WAL flush at commit. Besides the rates it prints the
 * average audit batch (records per audit transaction, from PostgreSQL's commit count) and where the
 * client backends were, sampled every 50 ms from {@code pg_stat_activity}.
 */
public final class JdbcThroughputHarness {
  private JdbcThroughputHarness() {}

  /**
   * Runs the configurations ({@code [seconds [runs [settings]]]}, see above), or one worker ({@code
   * worker URL SCHEMA THREADS SECONDS}).
   *
   * @param args see above
   * @throws Exception if a run fails
   */
  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("worker")) {
      worker(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]));
      return;
    }
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    String runs = args.length > 1 ? args[1] : "1x1,1x16,1x64,4x1,4x16,4x64";
    EmbeddedPostgres.Builder builder =
        EmbeddedPostgres.builder().setServerConfig("max_connections", "320");
    // Server settings to compare, e.g. synchronous_commit=off to see what the WAL flush costs.
    for (int i = 2; i < args.length; i++) {
      String[] kv = args[i].split("=", 2);
      builder.setServerConfig(kv[0], kv[1]);
      System.out.println("server setting " + args[i]);
    }
    try (EmbeddedPostgres pg = builder.start()) {
      String url = pg.getJdbcUrl("postgres", "postgres");
      System.out.printf(
          "%s, cores %d, load average before %.2f%n",
          Instant.now(),
          Runtime.getRuntime().availableProcessors(),
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
      System.out.println(
          "jvms threads | audit rec/s | ledger rec/s | audit rec/batch | chain; where backends were");
      // max_connections above: 4 JVMs x 66 connections fit.
      int run = 0;
      for (String r : runs.split(",")) {
        String[] jt = r.split("x");
        String schema = "bench_" + (run++);
        run(
            pg.getPostgresDatabase(),
            url,
            schema,
            Integer.parseInt(jt[0]),
            Integer.parseInt(jt[1]),
            seconds);
      }
    }
  }

  private static void run(
      DataSource admin, String url, String schema, int jvms, int threads, int seconds)
      throws Exception {
    // Create the tables once, so the runs measure writing, not creating.
    AuditTrail.jdbc(SharedDatabase.open(settings(url, schema, 2)), "sb_audit").close();
    CostLedger.jdbc(SharedDatabase.open(settings(url, schema, 2))).close();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> workers = new ArrayList<>();
    for (int i = 0; i < jvms; i++) {
      workers.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  JdbcThroughputHarness.class.getName(),
                  "worker",
                  url,
                  schema,
                  Integer.toString(threads),
                  Integer.toString(seconds))
              .redirectErrorStream(true)
              .start());
    }
    // Start together: on a loaded machine a JVM takes seconds to start and open its pool, and
    // staggered workers would measure each other's start-up, not four writers at once.
    List<BufferedReader> outputs = new ArrayList<>();
    for (Process p : workers) {
      BufferedReader r =
          new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      outputs.add(r);
      String line;
      while ((line = r.readLine()) != null && !line.equals("READY")) {
        if (!line.startsWith("SLF4J")) System.out.println("  worker: " + line);
      }
    }
    long commitsBefore = commits(admin);
    WaitSampler sampler = new WaitSampler(admin);
    sampler.start();
    for (Process p : workers) {
      p.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    }
    double auditRate = 0;
    double ledgerRate = 0;
    long auditTotal = 0;
    long ledgerTotal = 0;
    for (int i = 0; i < workers.size(); i++) {
      Process p = workers.get(i);
      try (BufferedReader r = outputs.get(i)) {
        String line;
        while ((line = r.readLine()) != null) {
          if (line.startsWith("RESULT ")) {
            String[] f = line.split(" ");
            long audit = Long.parseLong(f[1]);
            long ledger = Long.parseLong(f[2]);
            double secs = Double.parseDouble(f[3]);
            auditTotal += Long.parseLong(f[4]);
            ledgerTotal += Long.parseLong(f[5]);
            auditRate += audit / secs;
            ledgerRate += ledger / secs;
          } else if (!line.startsWith("SLF4J")) {
            System.out.println("  worker: " + line);
          }
        }
      }
      if (!p.waitFor(5, TimeUnit.MINUTES)) throw new IllegalStateException("a worker hangs");
    }
    String waits = sampler.finish();
    // Every ledger record is one transaction of its own; what else committed were audit batches
    // (and a few set-up transactions, so the size below is a slight underestimate).
    long auditBatches = Math.max(1, commits(admin) - commitsBefore - ledgerTotal);
    String chain;
    try (AuditTrail trail =
        AuditTrail.jdbc(SharedDatabase.open(settings(url, schema, 2)), "sb_audit")) {
      ChainVerification v = trail.verify();
      chain =
          (v.intact() ? "intact " : "BROKEN ")
              + v.records()
              + (v.records() == auditTotal ? " = written" : " != written " + auditTotal);
    }
    long ledgerRows;
    try (CostLedger ledger = CostLedger.jdbc(SharedDatabase.open(settings(url, schema, 2)))) {
      ledgerRows = ledger.read(Instant.EPOCH).records().size();
    }
    System.out.printf(
        "%4d %7d | %11.0f | %12.0f | %15.1f | %s; ledger rows %d%s%n    backends: %s%n",
        jvms,
        threads,
        auditRate,
        ledgerRate,
        (double) auditTotal / auditBatches,
        chain,
        ledgerRows,
        ledgerRows == ledgerTotal ? " = written" : " != written " + ledgerTotal,
        waits);
  }

  /** Transactions committed in the database so far (PostgreSQL's own statistics). */
  private static long commits(DataSource admin) throws SQLException, InterruptedException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      // Backends report their counts to the statistics collector within half a second.
      Thread.sleep(1_000);
      try (ResultSet rs =
          s.executeQuery(
              "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()")) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  /**
   * Samples, every 50 ms, what the client backends are doing: running, waiting for the table lock
   * ({@code Lock:relation}), for the WAL flush of a commit ({@code IO:WALSync}, {@code
   * LWLock:WALWrite}), or for the client ({@code Client:ClientRead}, idle or in a transaction).
   */
  private static final class WaitSampler extends Thread {
    private final DataSource admin;
    private final Map<String, Long> counts = new TreeMap<>();
    private volatile boolean stop;
    private int samples;

    WaitSampler(DataSource admin) {
      this.admin = admin;
      setDaemon(true);
    }

    @Override
    public void run() {
      try (Connection c = admin.getConnection();
          Statement s = c.createStatement()) {
        while (!stop) {
          try (ResultSet rs =
              s.executeQuery(
                  "SELECT state, coalesce(wait_event_type || ':' || wait_event, 'running'),"
                      + " count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
                      + " AND pid <> pg_backend_pid() AND state IS NOT NULL GROUP BY 1, 2")) {
            while (rs.next()) {
              String key = rs.getString(1) + " " + rs.getString(2);
              if (key.startsWith("idle ")) key = "idle";
              counts.merge(key, rs.getLong(3), Long::sum);
            }
          }
          synchronized (this) {
            samples++;
          }
          Thread.sleep(50);
        }
      } catch (SQLException | InterruptedException e) {
        counts.put("sampler failed: " + e.getClass().getSimpleName(), 0L);
      }
    }

    /** The average number of backends in each state, busiest first. */
    String finish() throws InterruptedException {
      stop = true;
      join();
      int n = Math.max(1, samples);
      return counts.entrySet().stream()
          .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
          .map(e -> String.format("%s %.1f", e.getKey(), (double) e.getValue() / n))
          .collect(Collectors.joining(", "));
    }
  }

  private static JdbcSettings settings(String url, String schema, int pool) {
    return JdbcSettings.of(url).withSchema(schema).withTablePrefix("sb_").withPoolSize(pool);
  }

  private static void worker(String url, String schema, int threads, int seconds) throws Exception {
    // A connection for every thread and the audit leader, and a patient wait: on a loaded machine
    // opening connections is slow, and a starved pool measures the machine, not the writers.
    JdbcSettings s =
        settings(url, schema, Math.min(threads + 2, 70))
            .withConnectionTimeout(Duration.ofSeconds(60));
    try (AuditTrail trail = AuditTrail.jdbc(SharedDatabase.open(s), "sb_audit");
        CostLedger ledger = CostLedger.jdbc(SharedDatabase.open(s))) {
      warmPool(s, trail, threads + 2);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      AtomicLong audits = new AtomicLong();
      AtomicLong ledgers = new AtomicLong();
      AtomicLong measuredAudits = new AtomicLong();
      AtomicLong measuredLedgers = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      long warmupEnd = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
      long end = warmupEnd + TimeUnit.SECONDS.toNanos(seconds);
      CountDownLatch done = new CountDownLatch(threads);
      for (int t = 0; t < threads; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    long now;
                    while ((now = System.nanoTime()) < end) {
                      String call = UUID.randomUUID().toString();
                      trail.append(
                          new AuditEvent(
                              "ai.decision", Map.of("callId", call, "decision", "ROUTE")));
                      ledger.append(record(call));
                      trail.append(
                          new AuditEvent("ai.response", Map.of("callId", call, "outcome", 0)));
                      audits.addAndGet(2);
                      ledgers.incrementAndGet();
                      if (now >= warmupEnd) {
                        measuredAudits.addAndGet(2);
                        measuredLedgers.incrementAndGet();
                      }
                    }
                  } finally {
                    done.countDown();
                  }
                });
        th.start();
      }
      done.await();
      if (failures.get() > 0) System.out.println("failed writes: " + failures.get());
      System.out.printf(
          "RESULT %d %d %d %d %d%n",
          measuredAudits.get(), measuredLedgers.get(), seconds, audits.get(), ledgers.get());
    }
  }

  /**
   * Opens the pool's connections before the clock starts (they stay idle in the pool): opening a
   * backend per connection is start-up, not the writers' throughput.
   */
  private static void warmPool(JdbcSettings s, AuditTrail trail, int connections) throws Exception {
    try (SharedDatabase db = SharedDatabase.open(s)) {
      List<java.sql.Connection> held = new ArrayList<>();
      try {
        for (int i = 0; i < connections; i++) held.add(db.dataSource().getConnection());
      } finally {
        for (java.sql.Connection c : held) c.close();
      }
    }
    trail.verify(); // and the audit table's pages are read once
  }

  private static CostRecord record(String call) {
    return new CostRecord(
        UUID.randomUUID().toString(),
        Instant.now(),
        call,
        1,
        Operation.CHAT,
        "notes",
        "foundry-us",
        "gpt-4.1-mini",
        new Usage(800, 0, 200, 0),
        new Cost(new BigDecimal("0.00064"), "USD", false, false),
        Duration.ofMillis(900),
        AttemptOutcome.COMPLETED,
        Map.of("department", "cardiology"),
        "bench");
  }
}
