package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.spi.Checks;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit trail as a PostgreSQL table, with group commit. Appends from this process's threads
 * queue up; one of them at a time (the leader) takes every record waiting, up to {@value
 * #MAX_BATCH}, and writes them in one transaction: lock the table against other appenders (SHARE
 * ROW EXCLUSIVE conflicts with itself, not with readers), read the head, link the records one after
 * another, insert them in one batch, commit. Each waiting append returns once the transaction
 * holding its record has committed, or throws if it failed (nothing of that batch is then stored:
 * fail closed).
 *
 * <p>So the chain stays one linear chain across threads and processes (the primary key on {@code
 * seq} guards it once more), while the lock is taken and a commit paid once per batch instead of
 * once per record: under load the batches grow by themselves, since records arrive while the
 * previous batch commits.
 */
public final class JdbcAuditTrail implements AuditTrail {
  /** The most records one transaction writes; bounds its time holding the table lock. */
  static final int MAX_BATCH = 512;

  private final SharedDatabase db;
  private final String table;
  private final Clock clock;
  private final String insert;
  private final Object monitor = new Object();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean flushing;

  /** One append waiting for its batch to commit. */
  private static final class Pending {
    final AuditEvent event;
    AuditEntry entry;
    AuditTrailException failure;
    boolean done;

    Pending(AuditEvent event) {
      this.event = event;
    }
  }

  /**
   * The trail in {@code table} (an unqualified SQL identifier, qualified with the database's
   * schema), created if absent. Closing the trail closes {@code db} (this use of its pool).
   *
   * @throws AuditTrailException if the table cannot be created
   */
  public JdbcAuditTrail(SharedDatabase db, String table, Clock clock) {
    this.db = Checks.notNull(db, "database");
    Checks.check(
        table != null && table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"),
        "table",
        "must be an SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    this.table = db.qualify(table);
    this.clock = Checks.notNull(clock, "clock");
    this.insert =
        "INSERT INTO "
            + this.table
            + " (seq, event_id, recorded, event_type, prev_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?)";
    try {
      db.createTables(
          "the audit table " + this.table,
          List.of(
              "CREATE TABLE IF NOT EXISTS "
                  + this.table
                  + " (seq BIGINT PRIMARY KEY, event_id VARCHAR(36) NOT NULL UNIQUE,"
                  + " recorded VARCHAR(40) NOT NULL, event_type VARCHAR(64) NOT NULL, prev_hash CHAR(64) NOT NULL,"
                  + " hash CHAR(64) NOT NULL, record TEXT NOT NULL)"));
    } catch (RuntimeException e) {
      throw new AuditTrailException(e.getMessage(), e);
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    Checks.notNull(event, "event");
    Pending mine = new Pending(event);
    synchronized (monitor) {
      queue.add(mine);
    }
    boolean interrupted = false;
    try {
      while (true) {
        List<Pending> batch = null;
        synchronized (monitor) {
          if (mine.done) break;
          if (!flushing) {
            flushing = true;
            batch = new ArrayList<>(Math.min(queue.size(), MAX_BATCH));
            while (!queue.isEmpty() && batch.size() < MAX_BATCH) batch.add(queue.poll());
          } else {
            try {
              monitor.wait();
            } catch (InterruptedException e) {
              // The record may be in the batch being written: wait for its outcome regardless,
              // and restore the flag after.
              interrupted = true;
            }
          }
        }
        if (batch != null) flush(batch);
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
    if (mine.failure != null) {
      throw new AuditTrailException(mine.failure.getMessage(), mine.failure);
    }
    return mine.entry;
  }

  /** Writes one batch in one transaction and hands each waiting append its outcome. */
  private void flush(List<Pending> batch) {
    List<AuditEntry> entries = null;
    AuditTrailException failure = null;
    try {
      entries = write(batch);
    } catch (SQLException e) {
      failure = failure("the audit records cannot be written", e);
    } catch (RuntimeException e) {
      failure = new AuditTrailException("the audit records cannot be written", e);
    } finally {
      synchronized (monitor) {
        for (int i = 0; i < batch.size(); i++) {
          Pending p = batch.get(i);
          if (entries != null) p.entry = entries.get(i);
          else
            p.failure =
                failure != null
                    ? failure
                    : new AuditTrailException("the audit records cannot be written", null);
          p.done = true;
        }
        flushing = false;
        monitor.notifyAll();
      }
    }
  }

  private List<AuditEntry> write(List<Pending> batch) throws SQLException {
    Connection c = db.dataSource().getConnection();
    List<AuditEntry> entries;
    try {
      c.setAutoCommit(false);
      entries = appendIn(c, batch);
      c.commit();
    } catch (SQLException | RuntimeException e) {
      try {
        c.rollback();
      } catch (SQLException ignored) {
        // the connection goes back broken; the pool discards it
      }
      closeQuietly(c);
      throw e;
    }
    // Committed: the records are stored, whatever returning the connection to the pool says.
    closeQuietly(c);
    return entries;
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the pool discards a connection it cannot reset
    }
  }

  private List<AuditEntry> appendIn(Connection c, List<Pending> batch) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("LOCK TABLE " + table + " IN SHARE ROW EXCLUSIVE MODE");
    }
    long seq = 0;
    String prev = AuditEntry.GENESIS_PREV;
    try (Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery("SELECT seq, hash FROM " + table + " ORDER BY seq DESC LIMIT 1")) {
      if (rs.next()) {
        seq = rs.getLong(1) + 1;
        prev = rs.getString(2);
      }
    }
    List<AuditEntry> entries = new ArrayList<>(batch.size());
    try (PreparedStatement ps = c.prepareStatement(insert)) {
      for (Pending p : batch) {
        AuditEntry entry = Chain.link(p.event, seq++, prev, clock);
        prev = entry.hash();
        entries.add(entry);
        ps.setLong(1, entry.seq());
        ps.setString(2, entry.eventId());
        ps.setString(3, entry.recorded());
        ps.setString(4, entry.eventType());
        ps.setString(5, entry.prevHash());
        ps.setString(6, entry.hash());
        ps.setString(7, entry.canonicalJson());
        ps.addBatch();
      }
      ps.executeBatch();
    }
    return entries;
  }

  @Override
  public List<AuditEntry> entries() {
    List<AuditEntry> out = new ArrayList<>();
    scan(
        s -> {
          if (s == null)
            throw new AuditTrailException(
                "a record of the audit table is malformed; run audit verify", null);
          out.add(Chain.entry(s.record(), s.prev()));
        });
    return out;
  }

  @Override
  public ChainVerification verify(Checkpoint checkpoint) {
    Verifier v = new Verifier(checkpoint);
    long[] row = {0};
    scan(
        s -> {
          row[0]++;
          if (s == null) v.unreadable(row[0], false);
          else v.accept(row[0], s);
        });
    return v.result();
  }

  /** Reads every row in seq order as a stored entry (null for a row that is not one). */
  private void scan(Consumer<Chain.Stored> each) {
    try (Connection c = db.dataSource().getConnection()) {
      // A cursor (fetch size needs a transaction) so that a large trail is not held in memory.
      c.setAutoCommit(false);
      try (Statement s = c.createStatement()) {
        s.setFetchSize(1_000);
        try (ResultSet rs =
            s.executeQuery("SELECT prev_hash, hash, record FROM " + table + " ORDER BY seq")) {
          while (rs.next()) {
            String line =
                "{\"hash\":\""
                    + rs.getString(2)
                    + "\",\"prev\":\""
                    + rs.getString(1)
                    + "\",\"record\":"
                    + rs.getString(3)
                    + "}";
            each.accept(Chain.parse(line));
          }
        }
      } finally {
        c.rollback();
      }
    } catch (SQLException e) {
      throw failure("the audit table cannot be read", e);
    }
  }

  private AuditTrailException failure(String what, SQLException e) {
    // SQL messages can quote statement values; name the state only.
    return new AuditTrailException(what + " (" + table + ", SQLState " + e.getSQLState() + ")", e);
  }

  /** Releases this use of the database's pool. */
  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "JdbcAuditTrail[" + table + "]";
  }
}
