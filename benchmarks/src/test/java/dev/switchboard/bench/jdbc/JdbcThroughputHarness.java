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
import java.io.IOException;
import java.io.InputStreamReader;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
 * on a server that does not wait for the WAL flush at commit. Besides the rates it prints
 * transactions per audit record (PostgreSQL's commit count), the average audit batch (from {@code
 * pg_stat_statements}, with {@code shared_preload_libraries=pg_stat_statements}), where the client
 * backends were, sampled every 50 ms from {@code pg_stat_activity}, each worker's CPU per record by
 * thread group, and with {@code -Dharness.perf=true} perf's counts per record.
 */
public final class JdbcThroughputHarness {
  /**
   * Each worker writes at least this long before its measured window opens (JIT, caches); {@code
   * -Dharness.warmup=SECONDS} to change it (on a loaded machine the JIT needs longer).
   */
  private static final int WARMUP_SECONDS = Integer.getInteger("harness.warmup", 15);

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
      List<String> command = new ArrayList<>();
      command.add(java);
      // Options for the worker JVMs, e.g. a flight recording of where their CPU goes:
      // -Dharness.worker-jvm="-XX:StartFlightRecording=filename=/tmp/w{run}-{jvm}.jfr"
      // ({run} becomes the run's schema, {jvm} the worker's number).
      String extra = System.getProperty("harness.worker-jvm", "").trim();
      command.add("-Dharness.warmup=" + WARMUP_SECONDS);
      if (System.getProperty("harness.jfr") != null) {
        command.add("-Dharness.jfr=" + System.getProperty("harness.jfr"));
      }
      if (!extra.isEmpty()) {
        for (String option : extra.split("\\s+")) {
          command.add(option.replace("{run}", schema).replace("{jvm}", Integer.toString(i)));
        }
      }
      command.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              JdbcThroughputHarness.class.getName(),
              "worker",
              url,
              schema,
              Integer.toString(threads),
              Integer.toString(seconds)));
      workers.add(new ProcessBuilder(command).redirectErrorStream(true).start());
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
    boolean statements = Probes.statementStatsReset(admin);
    long commitsBefore = Probes.commits(admin);
    Probes.WaitSampler sampler = new Probes.WaitSampler(admin);
    sampler.start();
    boolean perf = Boolean.getBoolean("harness.perf");
    List<Long> server = perf ? Probes.serverPids(admin) : List.of();
    for (Process p : workers) {
      p.getOutputStream().write("GO\n".getBytes(StandardCharsets.UTF_8));
      p.getOutputStream().flush();
    }
    // The server's CPU in the measured window: the load-independent cost of a record.
    long serverCpuBefore = Probes.serverCpuMillis(admin);
    long machineBusyBefore = Probes.machineBusyMillis();
    long windowStart = System.nanoTime();
    // -Dharness.perf: kernel counts in the window (system calls, context switches, page faults),
    // which do not depend on the machine's load the way times do.
    Process perfClients = null;
    Process perfServer = null;
    if (perf) {
      perfClients =
          Probes.perfStat(workers.stream().map(Process::pid).collect(Collectors.toList()), seconds);
      perfServer = Probes.perfStat(server, seconds);
    }
    double clientCpuMillis = 0;
    double auditRate = 0;
    double ledgerRate = 0;
    long auditTotal = 0;
    long ledgerTotal = 0;
    long measuredAudit = 0;
    long measuredLedger = 0;
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
            clientCpuMillis += Long.parseLong(f[6]) / 1e6;
            measuredAudit += audit;
            measuredLedger += ledger;
          } else if (!line.startsWith("SLF4J")) {
            System.out.println("  worker: " + line);
          }
        }
      }
      if (!p.waitFor(5, TimeUnit.MINUTES)) throw new IllegalStateException("a worker hangs");
    }
    long serverCpu = Probes.serverCpuMillis(admin) - serverCpuBefore;
    long machineBusy = Probes.machineBusyMillis() - machineBusyBefore;
    double windowMillis = (System.nanoTime() - windowStart) / 1e6;
    String waits = sampler.finish();
    // Transactions per audit record, from the server's own count (with the sampler's few and
    // calls that straddle the window's edges, so approximate); backends report their counts to
    // the statistics collector within half a second. Records per audit batch from
    // pg_stat_statements when it is loaded (the ledger batches too, so commits no longer tell).
    Thread.sleep(1_000);
    double transactions =
        (double) (Probes.commits(admin) - commitsBefore) / Math.max(1, measuredAudit);
    double auditBatch = statements ? Probes.auditRowsPerCall(admin, schema) : Double.NaN;
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
        "%4d %7d | %11.0f | %12.0f | %15.1f | %s; ledger rows %d%s%n"
            + "    CPU per audit record (with its half ledger record): client %.0f us, server %.0f us;"
            + " transactions %.2f; backends: %s%n",
        jvms,
        threads,
        auditRate,
        ledgerRate,
        auditBatch,
        chain,
        ledgerRows,
        ledgerRows == ledgerTotal ? " = written" : " != written " + ledgerTotal,
        clientCpuMillis * 1000 / Math.max(1, measuredAudit),
        serverCpu * 1000.0 / Math.max(1, measuredAudit),
        transactions,
        waits);
    // What else ran meanwhile (other builds on a shared machine), in cores: the load that makes
    // rates of different runs incomparable, measured rather than guessed from the load average
    // (which counts this harness's own runnable threads too).
    System.out.printf(
        "    machine busy %.2f of %d cores over the run's %.0f s; of it this harness (clients in"
            + " the window, server) %.2f; other processes about %.2f%n",
        machineBusy / windowMillis,
        Runtime.getRuntime().availableProcessors(),
        windowMillis / 1000,
        (clientCpuMillis + serverCpu) / windowMillis,
        (machineBusy - clientCpuMillis - serverCpu) / windowMillis);
    if (perfClients != null) {
      System.out.println(
          "    per audit record, clients: " + Probes.perfCounts(perfClients, measuredAudit));
      System.out.println(
          "    per audit record, server:  " + Probes.perfCounts(perfServer, measuredAudit));
    }
    if (statements) Probes.printStatementStats(admin);
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
      AtomicLong audits = new AtomicLong();
      AtomicLong ledgers = new AtomicLong();
      AtomicLong measuredAudits = new AtomicLong();
      AtomicLong measuredLedgers = new AtomicLong();
      AtomicLong failures = new AtomicLong();
      // The threads write from the start (warming up classes, JIT and caches) until the harness
      // says GO, once every JVM is warm; the measured window starts then.
      long[] window = {Long.MAX_VALUE, Long.MAX_VALUE};
      Object windowLock = new Object();
      // Records completed since GO, window or not, and the writers' stop: they write on past the
      // window until its CPU has been read, so that a late reading on a loaded machine still finds
      // them alive and divides by the records they had written by then.
      AtomicLong sinceGo = new AtomicLong();
      java.util.concurrent.atomic.AtomicBoolean stop =
          new java.util.concurrent.atomic.AtomicBoolean();
      CountDownLatch done = new CountDownLatch(threads);
      List<Thread> writers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread th =
            new Thread(
                () -> {
                  try {
                    while (!stop.get()) {
                      long start;
                      long end;
                      long now = System.nanoTime();
                      synchronized (windowLock) {
                        start = window[0];
                        end = window[1];
                      }
                      String call = UUID.randomUUID().toString();
                      try {
                        trail.append(
                            new AuditEvent(
                                "ai.decision", Map.of("callId", call, "decision", "ROUTE")));
                        audits.incrementAndGet();
                        ledger.append(record(call));
                        ledgers.incrementAndGet();
                        trail.append(
                            new AuditEvent("ai.response", Map.of("callId", call, "outcome", 0)));
                        audits.incrementAndGet();
                      } catch (RuntimeException e) {
                        failures.incrementAndGet();
                        continue;
                      }
                      if (now >= start) sinceGo.addAndGet(2);
                      if (now >= start && now < end) {
                        measuredAudits.addAndGet(2);
                        measuredLedgers.incrementAndGet();
                      }
                    }
                  } finally {
                    done.countDown();
                  }
                },
                "writer-" + t);
        th.start();
        writers.add(th);
      }
      TimeUnit.SECONDS.sleep(WARMUP_SECONDS);
      System.out.println("READY");
      System.out.flush();
      new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
      com.sun.management.OperatingSystemMXBean os =
          (com.sun.management.OperatingSystemMXBean)
              java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      java.lang.management.ThreadMXBean tm =
          java.lang.management.ManagementFactory.getThreadMXBean();
      long writersBefore = 0;
      for (Thread w : writers) writersBefore += Math.max(0, tm.getThreadCpuTime(w.getId()));
      // -Dharness.jfr=DIR: a flight recording of the measured window only (no start-up, no JIT
      // warm-up), to see where the writers' CPU goes.
      jdk.jfr.Recording recording = startRecording();
      long switchesBefore = contextSwitches();
      Map<String, long[]> groupsBefore = threadGroupTicks();
      long cpuBefore = os.getProcessCpuTime();
      long go = System.nanoTime();
      synchronized (windowLock) {
        window[0] = go;
        window[1] = go + TimeUnit.SECONDS.toNanos(seconds);
      }
      // The writers' CPU, context switches and CPU by thread once the window has closed, all
      // divided by the records completed since GO up to that reading.
      long remaining = go + TimeUnit.SECONDS.toNanos(seconds) - System.nanoTime();
      if (remaining > 0) TimeUnit.NANOSECONDS.sleep(remaining);
      long writersAfter = 0;
      for (Thread w : writers) writersAfter += Math.max(0, tm.getThreadCpuTime(w.getId()));
      long switchesAfter = contextSwitches();
      Map<String, long[]> groupsAfter = threadGroupTicks();
      long cpuAtSnapshot = os.getProcessCpuTime() - cpuBefore;
      long auditsAtSnapshot = Math.max(1, sinceGo.get());
      stop.set(true);
      done.await();
      // The process's CPU for the window's records, at the rate per record read above.
      long cpu = cpuAtSnapshot * measuredAudits.get() / auditsAtSnapshot;
      long switches = switchesAfter - switchesBefore;
      if (recording != null) {
        recording.stop();
        Path out =
            Path.of(System.getProperty("harness.jfr"))
                .resolve(schema + "-" + ProcessHandle.current().pid() + ".jfr");
        recording.dump(out);
        System.out.println("flight recording " + out);
      }
      System.out.printf(
          "process CPU %d ms, of which the writer threads (appending, and leading audit batches)"
              + " %d ms (the rest: JIT, GC, pool housekeeping); %.1f context switches per audit"
              + " record%n",
          cpu / 1_000_000,
          (writersAfter - writersBefore) / 1_000_000,
          (double) switches / auditsAtSnapshot);
      System.out.println(
          "CPU per audit record by thread, user+sys us: "
              + threadGroupDelta(groupsBefore, groupsAfter, auditsAtSnapshot));
      if (failures.get() > 0) System.out.println("failed calls: " + failures.get());
      System.out.printf(
          "RESULT %d %d %d %d %d %d%n",
          measuredAudits.get(), measuredLedgers.get(), seconds, audits.get(), ledgers.get(), cpu);
    }
  }

  /**
   * User and system CPU ticks of this process's live threads, summed by thread name with digits
   * dropped ({@code writer-}, {@code C2 CompilerThread}, {@code GC Thread#}, ...), from Linux's
   * /proc (empty elsewhere): which threads a window's CPU went to, JIT and GC apart from writers.
   */
  private static Map<String, long[]> threadGroupTicks() {
    Map<String, long[]> out = new TreeMap<>();
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) return out;
    try (var dirs = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) dirs::iterator) {
        try {
          String name = Files.readString(t.resolve("comm")).trim().replaceAll("[0-9]+", "");
          String[] f = Probes.stat(t.resolve("stat"));
          long[] sum = out.computeIfAbsent(name, k -> new long[2]);
          sum[0] += Long.parseLong(f[11]);
          sum[1] += Long.parseLong(f[12]);
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return out;
    }
    return out;
  }

  /** The busiest thread groups' CPU between two snapshots per record, as "name user+sys" in µs. */
  private static String threadGroupDelta(
      Map<String, long[]> before, Map<String, long[]> after, long records) {
    return after.entrySet().stream()
        .map(
            e -> {
              long[] b = before.getOrDefault(e.getKey(), new long[2]);
              return Map.entry(
                  e.getKey(), new long[] {e.getValue()[0] - b[0], e.getValue()[1] - b[1]});
            })
        .filter(e -> e.getValue()[0] + e.getValue()[1] > 0)
        .sorted(
            (a, b) ->
                Long.compare(b.getValue()[0] + b.getValue()[1], a.getValue()[0] + a.getValue()[1]))
        .limit(8)
        .map(
            e ->
                String.format(
                    "%s %.0f+%.0f",
                    e.getKey(),
                    e.getValue()[0] * 10_000.0 / records,
                    e.getValue()[1] * 10_000.0 / records))
        .collect(Collectors.joining(", "));
  }

  /**
   * Context switches of this process's threads so far (voluntary and not, from Linux's /proc; 0
   * elsewhere): every wake-up of a waiting thread is one, and they cost CPU that no profile of Java
   * code shows, the more so on a loaded machine.
   */
  private static long contextSwitches() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) return 0;
    long n = 0;
    try (var dirs = Files.list(tasks)) {
      for (Path t : (Iterable<Path>) dirs::iterator) {
        try {
          for (String line : Files.readAllLines(t.resolve("status"))) {
            if (line.startsWith("voluntary_ctxt_switches:")
                || line.startsWith("nonvoluntary_ctxt_switches:")) {
              n += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
            }
          }
        } catch (IOException gone) {
          // the thread ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return n;
  }

  /** A flight recording with the JDK's "profile" settings, if {@code harness.jfr} is set. */
  private static jdk.jfr.Recording startRecording() throws Exception {
    if (System.getProperty("harness.jfr") == null) return null;
    jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
    // Java samples every millisecond instead of every 10: a window of a few seconds needs them.
    r.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
    r.start();
    return r;
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
