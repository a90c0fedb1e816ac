package dev.switchboard.bench.jdbc;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.sql.DataSource;

/**
 * What {@link JdbcThroughputHarness} reads around a run besides its own counters: the database's
 * statistics ({@code pg_stat_database}, {@code pg_stat_statements}, {@code pg_stat_activity}), the
 * CPU of the server's processes and of the whole machine from {@code /proc}, and {@code perf stat}
 * on chosen processes. Kept apart so that the harness reads as the run it drives.
 */
final class Probes {
  private Probes() {}

  /** {@code perf stat} on these processes (all their threads) for the window. */
  static Process perfStat(List<Long> pids, int seconds) throws IOException {
    return new ProcessBuilder(
            "perf",
            "stat",
            "-x,",
            "-e",
            "task-clock,raw_syscalls:sys_enter,sched:sched_switch,page-faults",
            "-p",
            pids.stream().map(String::valueOf).collect(Collectors.joining(",")),
            "--",
            "sleep",
            Integer.toString(seconds))
        .redirectErrorStream(true)
        .start();
  }

  /** What perf counted, divided by the audit records written in the window. */
  static String perfCounts(Process perf, long records) throws Exception {
    String out = new String(perf.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    perf.waitFor();
    List<String> counts = new ArrayList<>();
    for (String line : out.split("\n")) {
      String[] f = line.split(",");
      if (f.length < 3 || f[0].isEmpty() || !Character.isDigit(f[0].charAt(0))) continue;
      double v = Double.parseDouble(f[0]);
      String event = f[2];
      if (event.equals("task-clock")) counts.add(String.format("CPU %.0f us", v * 1000 / records));
      else counts.add(String.format("%s %.1f", event, v / records));
    }
    return counts.isEmpty() ? out.trim() : String.join(", ", counts);
  }

  /** CPU time all processes of this machine have used so far (Linux's /proc/stat; 0 elsewhere). */
  static long machineBusyMillis() throws IOException {
    Path stat = Path.of("/proc/stat");
    if (!Files.exists(stat)) return 0;
    String[] f = Files.readAllLines(stat).get(0).trim().split("\\s+");
    long busy = 0;
    // user nice system idle iowait irq softirq steal: all but idle and iowait
    for (int i = 1; i <= 8; i++) if (i != 4 && i != 5) busy += Long.parseLong(f[i]);
    return busy * 10; // USER_HZ is 100 on Linux
  }

  /** The postmaster and its children (backends, WAL writer, ...). */
  static List<Long> serverPids(DataSource admin) throws SQLException, IOException {
    long postmaster;
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      postmaster = Long.parseLong(stat(Path.of("/proc", rs.getLong(1) + "/stat"))[1]);
    }
    List<Long> pids = new ArrayList<>(List.of(postmaster));
    for (ProcessHandle h : ProcessHandle.allProcesses().collect(Collectors.toList())) {
      if (h.parent().map(p -> p.pid() == postmaster).orElse(false)) pids.add(h.pid());
    }
    // Backends of the harness's own short connections may still be exiting: perf cannot attach
    // to a process that is gone.
    try {
      Thread.sleep(200);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pids.removeIf(pid -> ProcessHandle.of(pid).map(h -> !h.isAlive()).orElse(true));
    return pids;
  }

  /**
   * With {@code shared_preload_libraries=pg_stat_statements} among the settings: creates the
   * extension if needed and resets its counts, so that each run's statements are its own.
   */
  static boolean statementStatsReset(DataSource admin) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SHOW shared_preload_libraries")) {
        rs.next();
        if (!rs.getString(1).contains("pg_stat_statements")) return false;
      }
      s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
      s.execute("SELECT pg_stat_statements_reset()");
      return true;
    }
  }

  /** Audit records per audit insert (one per batch) in this run, from pg_stat_statements. */
  static double auditRowsPerCall(DataSource admin, String schema) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT sum(rows)::float8 / greatest(sum(calls), 1) FROM pg_stat_statements"
                    + " WHERE query LIKE 'INSERT INTO "
                    + schema
                    + ".sb_audit %'")) {
      rs.next();
      return rs.getDouble(1);
    }
  }

  /** Where the server's time went by statement (execution time, summed over backends). */
  static void printStatementStats(DataSource admin) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT calls, rows, total_exec_time, total_plan_time, wal_bytes,"
                    + " shared_blks_hit + shared_blks_read + shared_blks_dirtied,"
                    + " regexp_replace(left(query, 90), '\\s+', ' ', 'g')"
                    + " FROM pg_stat_statements WHERE query NOT LIKE '%pg_stat%'"
                    + " ORDER BY total_exec_time DESC LIMIT 8")) {
      System.out.println(
          "    statements: calls | rows | exec ms | plan ms | WAL bytes | blocks | query");
      while (rs.next()) {
        System.out.printf(
            "    %8d | %7d | %8.0f | %6.0f | %10d | %8d | %s%n",
            rs.getLong(1),
            rs.getLong(2),
            rs.getDouble(3),
            rs.getDouble(4),
            rs.getLong(5),
            rs.getLong(6),
            rs.getString(7));
      }
    }
  }

  /**
   * CPU time used so far by the PostgreSQL server: the postmaster, its children (backends, WAL
   * writer, ...), and children that already exited, from Linux's /proc (0 elsewhere).
   */
  static long serverCpuMillis(DataSource admin) throws SQLException, IOException {
    Path proc = Path.of("/proc");
    if (!Files.isDirectory(proc)) return 0;
    long postmaster;
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
      rs.next();
      // read while this backend still runs: its parent is the postmaster
      postmaster = Long.parseLong(stat(proc.resolve(rs.getLong(1) + "/stat"))[1]);
    }
    long ticks = 0;
    try (var dirs = Files.list(proc)) {
      for (Path d : (Iterable<Path>) dirs::iterator) {
        if (!d.getFileName().toString().matches("[0-9]+")) continue;
        String[] f;
        try {
          f = stat(d.resolve("stat"));
        } catch (IOException gone) {
          continue;
        }
        long pid = Long.parseLong(d.getFileName().toString());
        // after the command name: [0] state, [1] ppid, ... [11] utime, [12] stime, [13] cutime,
        // [14] cstime
        if (pid == postmaster) {
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
          ticks += Long.parseLong(f[13]) + Long.parseLong(f[14]);
        } else if (Long.parseLong(f[1]) == postmaster) {
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
      }
    }
    return ticks * 10; // USER_HZ is 100 on Linux
  }

  /** The fields of /proc/PID/stat after the command name (which may hold spaces). */
  static String[] stat(Path file) throws IOException {
    String line = Files.readString(file);
    return line.substring(line.lastIndexOf(')') + 2).trim().split(" ");
  }

  /** Transactions committed in the database so far (PostgreSQL's own statistics). */
  static long commits(DataSource admin) throws SQLException {
    try (Connection c = admin.getConnection();
        Statement s = c.createStatement()) {
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
  static final class WaitSampler extends Thread {
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
}
