package dev.switchboard.compliance.internal.audit;

import dev.switchboard.auth.Secret;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import dev.switchboard.spi.Checks;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The audit trail as a PostgreSQL table, plain JDBC. Each record is one transaction: lock the table
 * against other appenders (SHARE ROW EXCLUSIVE conflicts with itself, not with readers), read the
 * head, insert, commit. So the chain stays linear across threads and processes, and the primary key
 * on {@code seq} guards it once more.
 */
public final class JdbcAuditTrail implements AuditTrail {
  private final DataSource dataSource;
  private final String table;
  private final Clock clock;

  public JdbcAuditTrail(DataSource dataSource, String table, Clock clock) {
    this.dataSource = Checks.notNull(dataSource, "dataSource");
    Checks.check(
        table != null && table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"),
        "table",
        "must be an SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    this.table = table;
    this.clock = clock;
    createTable();
  }

  private void createTable() {
    String ddl =
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " (seq BIGINT PRIMARY KEY, event_id VARCHAR(36) NOT NULL UNIQUE,"
            + " recorded VARCHAR(40) NOT NULL, event_type VARCHAR(64) NOT NULL, prev_hash CHAR(64) NOT NULL,"
            + " hash CHAR(64) NOT NULL, record TEXT NOT NULL)";
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement()) {
      s.execute(ddl);
    } catch (SQLException e) {
      throw failure("the audit table cannot be created", e);
    }
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      try {
        AuditEntry entry = appendIn(c, event);
        c.commit();
        return entry;
      } catch (SQLException | RuntimeException e) {
        c.rollback();
        throw e;
      }
    } catch (SQLException e) {
      throw failure("the audit record cannot be written", e);
    }
  }

  private AuditEntry appendIn(Connection c, AuditEvent event) throws SQLException {
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
    AuditEntry entry = Chain.link(event, seq, prev, clock);
    try (PreparedStatement ps =
        c.prepareStatement(
            "INSERT INTO "
                + table
                + " (seq, event_id, recorded, event_type, prev_hash, hash, record) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
      ps.setLong(1, entry.seq());
      ps.setString(2, entry.eventId());
      ps.setString(3, entry.recorded());
      ps.setString(4, entry.eventType());
      ps.setString(5, entry.prevHash());
      ps.setString(6, entry.hash());
      ps.setString(7, entry.canonicalJson());
      ps.executeUpdate();
    }
    return entry;
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
    try (Connection c = dataSource.getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
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
    } catch (SQLException e) {
      throw failure("the audit table cannot be read", e);
    }
  }

  private AuditTrailException failure(String what, SQLException e) {
    // SQL messages can quote statement values; name the state only.
    return new AuditTrailException(what + " (" + table + ", SQLState " + e.getSQLState() + ")", e);
  }

  @Override
  public void close() {}

  /** A minimal data source over {@link DriverManager}: one connection per use. */
  public static DataSource driverManager(String url, String user, Secret password) {
    Checks.notBlank(url, "url");
    return new DataSource() {
      @Override
      public Connection getConnection() throws SQLException {
        return DriverManager.getConnection(url, user, password == null ? null : password.reveal());
      }

      @Override
      public Connection getConnection(String u, String p) throws SQLException {
        return DriverManager.getConnection(url, u, p);
      }

      @Override
      public PrintWriter getLogWriter() {
        return null;
      }

      @Override
      public void setLogWriter(PrintWriter out) {}

      @Override
      public void setLoginTimeout(int seconds) {}

      @Override
      public int getLoginTimeout() {
        return 0;
      }

      @Override
      public Logger getParentLogger() {
        return Logger.getGlobal();
      }

      @Override
      public <T> T unwrap(Class<T> iface) throws SQLException {
        throw new SQLException("not a wrapper");
      }

      @Override
      public boolean isWrapperFor(Class<?> iface) {
        return false;
      }
    };
  }

  @Override
  public String toString() {
    return "JdbcAuditTrail[" + table + "]";
  }
}
