package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.jdbc.internal.batch.GroupCommit;
import dev.switchboard.spi.Checks;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;

/**
 * The audit trail as a PostgreSQL table, with group commit ({@link GroupCommit}). Appends from this
 * process's threads queue up; one of them (a leader; at most {@value #IN_FLIGHT} at a time) takes
 * every record waiting, up to {@value #MAX_BATCH}, and writes them in one transaction. Each waiting
 * append returns once the transaction holding its record has committed, or throws if it failed
 * (nothing of that batch is then stored: fail closed).
 *
 * <p>A batch costs one round trip: the statements {@code LOCK TABLE} (SHARE ROW EXCLUSIVE, which
 * conflicts with itself, not with readers), one {@code INSERT ... SELECT} that reads the head and
 * links the records on the server ({@code sha256} of the previous hash's bytes and the record's
 * UTF-8 canonical JSON, the same function {@link Chain} computes), and {@code COMMIT}, sent
 * together. The table lock is therefore held for the server's own work and the commit, never across
 * a round trip to this process: with many processes, the lock (not the network) is what they queue
 * on, so what it costs bounds the whole hospital's audit rate. Everything else (event ids, time
 * stamps, canonical JSON) is made on the appending threads before they queue, and each appender
 * checks its own record's hash against this JVM's SHA-256 after the commit.
 *
 * <p>So the chain stays one linear chain across threads and processes (the primary key on {@code
 * seq} guards it once more), while the lock is taken and a commit paid once per batch instead of
 * once per record: under load the batches grow by themselves, since records arrive while the
 * previous batch commits. Needs PostgreSQL 11 or later (for {@code sha256}); checked when the trail
 * opens.
 */
public final class JdbcAuditTrail implements AuditTrail {
  /** The most records one transaction writes; bounds its time holding the table lock. */
  static final int MAX_BATCH = 512;

  /**
   * Batches of this process in flight at once. Linking happens on the server after the lock is
   * granted, so a second batch can wait at the lock while the first commits, and takes it the
   * moment the first commits instead of a round trip later. More would only split the waiting
   * records into smaller batches, each paying its own commit under the lock.
   */
  static final int IN_FLIGHT = 2;

  private static final String WRITE_FAILED = "the audit records cannot be written";

  /** Text the database must hash as this JVM does: escapes, accents, CJK and an astral symbol. */
  private static final String PROBE = "{\"probe\":\"\\u0001\\\"\u00e4\u6f22\ud83d\ude00\"}";

  private final SharedDatabase db;
  private final String table;
  private final Clock clock;
  private final String write;
  private final GroupCommit<Pending> appends = new GroupCommit<>(this::flush, IN_FLIGHT, MAX_BATCH);

  /**
   * One append waiting for its batch to commit, and what the write made of it: its place in the
   * chain, or the batch's failure.
   */
  private static final class Pending {
    final PreparedRecord record;

    long seq = -1;
    String prevHash;
    String hash;
    AuditTrailException failure;

    Pending(PreparedRecord record) {
      this.record = record;
    }
  }

  /**
   * The trail in {@code table} (an unqualified SQL identifier, qualified with the database's
   * schema), created if absent. Closing the trail closes {@code db} (this use of its pool).
   *
   * @throws AuditTrailException if the table cannot be created, or the database cannot hash the
   *     chain (PostgreSQL before 11)
   */
  public JdbcAuditTrail(SharedDatabase db, String table, Clock clock) {
    this.db = Checks.notNull(db, "database");
    Checks.check(
        table != null && table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"),
        "table",
        "must be an SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    this.table = db.qualify(table);
    this.clock = Checks.notNull(clock, "clock");
    this.write = writeStatement(this.table);
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
    checkServerHashing();
  }

  /**
   * The one round trip of a batch. Parameters: five text arrays (event ids, time stamps, event
   * types, and each record's canonical JSON before and after its seq). The recursive part walks the
   * batch in order from the head (seq -1 and the zero hash for an empty table), so record i is
   * linked to record i-1 exactly as {@link PreparedRecord#link} links it; the head is read after
   * the lock is granted, since each statement reads what was committed when it starts.
   */
  private static String writeStatement(String table) {
    return "LOCK TABLE "
        + table
        + " IN SHARE ROW EXCLUSIVE MODE;\n"
        + "INSERT INTO "
        + table
        + " (seq, event_id, recorded, event_type, prev_hash, hash, record)\n"
        + "WITH RECURSIVE b AS (SELECT ?::text[] AS ids, ?::text[] AS recs, ?::text[] AS types,"
        + " ?::text[] AS pre, ?::text[] AS post),\n"
        + " head AS (SELECT coalesce(h.seq, -1) AS seq, coalesce(h.hash, '"
        + AuditEntry.GENESIS_PREV
        + "') AS hash FROM (SELECT 1) one LEFT JOIN (SELECT seq, hash FROM "
        + table
        + " ORDER BY seq DESC LIMIT 1) h ON true),\n"
        + " link(i, seq, prev, hash) AS (SELECT 0, head.seq, NULL::text, head.hash::text FROM head\n"
        + "  UNION ALL SELECT l.i + 1, l.seq + 1, l.hash, encode(sha256(decode(l.hash, 'hex')"
        + " || convert_to(b.pre[l.i + 1] || (l.seq + 1) || b.post[l.i + 1], 'UTF8')), 'hex')\n"
        + "  FROM link l, b WHERE l.i < cardinality(b.ids))\n"
        + "SELECT l.seq, b.ids[l.i], b.recs[l.i], b.types[l.i], l.prev, l.hash,"
        + " b.pre[l.i] || l.seq || b.post[l.i] FROM link l, b WHERE l.i > 0\n"
        + "RETURNING seq, prev_hash, hash;\n"
        + "COMMIT";
  }

  /** Fails now, not at the first call, if the database does not hash as {@link Chain} does. */
  private void checkServerHashing() {
    String expected = Chain.hash(AuditEntry.GENESIS_PREV, PROBE);
    String got;
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement ps =
            c.prepareStatement(
                "SELECT encode(sha256(decode(?, 'hex') || convert_to(?, 'UTF8')), 'hex')")) {
      ps.setString(1, AuditEntry.GENESIS_PREV);
      ps.setString(2, PROBE);
      try (ResultSet rs = ps.executeQuery()) {
        rs.next();
        got = rs.getString(1);
      }
    } catch (SQLException e) {
      throw failure(
          "the database cannot compute the audit chain's hashes (needs PostgreSQL 11 or later)", e);
    }
    if (!expected.equals(got)) {
      throw new AuditTrailException(
          "the database hashes text differently from this JVM (check its encoding is UTF8): the"
              + " audit chain could not be verified; "
              + table,
          null);
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    Checks.notNull(event, "event");
    // Stamped and canonicalized here, on the caller's thread, while others write.
    Pending mine = new Pending(PreparedRecord.of(event, clock));
    // Once submit returns or throws (an Error of this thread's own flush included), no batch reads
    // the record's bytes any more: its thread's buffer is given back in every case, or every later
    // record of the thread would need a buffer of its own.
    try {
      try {
        appends.submit(mine);
      } catch (GroupCommit.FlushFailed e) {
        // The write stopped midway: whatever it stored, the record is not taken for committed.
        mine.failure = new AuditTrailException(WRITE_FAILED, e);
      }
      if (mine.failure != null) {
        throw new AuditTrailException(mine.failure.getMessage(), mine.failure);
      }
      if (mine.hash == null) throw new AuditTrailException(WRITE_FAILED, null);
      return linked(mine);
    } finally {
      mine.record.release();
    }
  }

  /**
   * The committed record's entry, after checking that the database linked it as this JVM would (a
   * difference would show as a broken link in {@code audit verify}; it is reported at once).
   */
  private AuditEntry linked(Pending p) {
    byte[] hash = p.record.link(p.seq, HexFormat.of().parseHex(p.prevHash), sha256());
    AuditEntry entry = p.record.entry();
    if (!HexFormat.of().formatHex(hash).equals(p.hash)) {
      throw new AuditTrailException(
          "the database linked audit record "
              + p.seq
              + " with a hash this JVM does not compute; run audit verify ("
              + table
              + ")",
          null);
    }
    return entry;
  }

  private static final ThreadLocal<MessageDigest> SHA256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException("SHA-256 is not available in this JVM", e);
            }
          });

  private static MessageDigest sha256() {
    return SHA256.get();
  }

  /**
   * Writes one batch in one transaction and hands each waiting append its outcome: its row, or the
   * batch's failure for every record of it (fail closed).
   */
  private void flush(List<Pending> batch) {
    AuditTrailException failure;
    try {
      write(batch);
      return;
    } catch (SQLException e) {
      failure = failure(WRITE_FAILED, e);
    } catch (RuntimeException e) {
      failure = new AuditTrailException(WRITE_FAILED, e);
    }
    for (Pending p : batch) p.failure = failure;
  }

  private void write(List<Pending> batch) throws SQLException {
    Connection c = db.dataSource().getConnection();
    try {
      c.setAutoCommit(false);
      writeIn(c, batch);
      c.commit(); // the statement committed; this only tells the pool the transaction is over
    } catch (SQLException | RuntimeException | Error e) {
      // An Error too: its connection is rolled back and handed back, not left checked out of the
      // pool for good.
      for (Pending p : batch) p.hash = null;
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
  }

  private static void closeQuietly(Connection c) {
    try {
      c.close();
    } catch (SQLException ignored) {
      // the pool discards a connection it cannot reset
    }
  }

  private void writeIn(Connection c, List<Pending> batch) throws SQLException {
    int n = batch.size();
    String[] ids = new String[n];
    String[] recorded = new String[n];
    String[] types = new String[n];
    String[] pre = new String[n];
    String[] post = new String[n];
    for (int i = 0; i < n; i++) {
      PreparedRecord r = batch.get(i).record;
      ids[i] = r.eventId();
      recorded[i] = r.recorded();
      types[i] = r.eventType();
      pre[i] = r.before();
      post[i] = r.after();
    }
    try (PreparedStatement ps = c.prepareStatement(write)) {
      ps.setArray(1, c.createArrayOf("text", ids));
      ps.setArray(2, c.createArrayOf("text", recorded));
      ps.setArray(3, c.createArrayOf("text", types));
      ps.setArray(4, c.createArrayOf("text", pre));
      ps.setArray(5, c.createArrayOf("text", post));
      // Results: the lock's count, the insert's rows, the commit's count.
      boolean isResult = ps.execute();
      List<String[]> rows = new ArrayList<>(n);
      while (isResult || ps.getUpdateCount() != -1) {
        if (isResult) {
          try (ResultSet rs = ps.getResultSet()) {
            while (rs.next()) {
              rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
          }
        }
        isResult = ps.getMoreResults();
      }
      if (rows.size() != n) {
        throw new IllegalStateException(
            "the audit insert returned " + rows.size() + " rows for " + n + " records");
      }
      long first = Long.MAX_VALUE;
      for (String[] row : rows) first = Math.min(first, Long.parseLong(row[0]));
      for (String[] row : rows) {
        // Rows come back in any order; a record's place in the batch is its seq's offset.
        long seq = Long.parseLong(row[0]);
        Pending p = batch.get((int) (seq - first));
        p.seq = seq;
        p.prevHash = row[1];
        p.hash = row[2];
      }
    }
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
