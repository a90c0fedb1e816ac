package dev.switchboard.jdbc.internal;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * Creates tables so that many instances starting together on a fresh database all succeed. {@code
 * CREATE TABLE IF NOT EXISTS} is not safe under concurrency in PostgreSQL: two sessions can both
 * see the table missing and the second then fails on the catalog's unique index (23505) or with
 * "relation already exists" (42P07) or "constraint already exists" (42710). So every instance takes
 * the same transaction-scoped advisory lock first, and the creators run one at a time; the retry
 * covers creators that do not take the lock (older SDK versions, hand-run scripts).
 */
public final class SchemaCreation {
  /** The advisory lock's key text; hashed by PostgreSQL ({@code hashtext}) to the lock id. */
  static final String LOCK = "dev.switchboard schema";

  private static final Set<String> RACES = Set.of("23505", "42P07", "42710", "40P01");
  private static final int ATTEMPTS = 5;

  private SchemaCreation() {}

  /**
   * Runs the statements in one transaction under the lock.
   *
   * @throws SwitchboardException naming {@code what} and the SQLState
   */
  public static void run(DataSource db, @Nullable String schema, String what, List<String> ddl) {
    SQLException last = null;
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      try {
        once(db, schema, ddl);
        return;
      } catch (SQLException e) {
        last = e;
        if (!RACES.contains(e.getSQLState())) break;
        try {
          Thread.sleep(20L * attempt);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          break;
        }
      }
    }
    String state = last == null ? "" : " (SQLState " + last.getSQLState() + ")";
    // Driver messages may quote values; the SQLState says what went wrong.
    throw new SwitchboardException("cannot create " + what + state, ErrorContext.NONE, last);
  }

  private static void once(DataSource db, @Nullable String schema, List<String> ddl)
      throws SQLException {
    try (Connection c = db.getConnection()) {
      boolean postgres = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
      boolean auto = c.getAutoCommit();
      c.setAutoCommit(false);
      try {
        if (postgres) {
          try (PreparedStatement lock =
              c.prepareStatement("SELECT pg_advisory_xact_lock(hashtext(?))")) {
            lock.setString(1, LOCK);
            lock.execute();
          }
        }
        try (Statement s = c.createStatement()) {
          if (schema != null) s.execute("CREATE SCHEMA IF NOT EXISTS " + schema);
          for (String statement : ddl) s.execute(statement);
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // the first failure is the one to report; the connection is closed next
        }
        throw e;
      } finally {
        c.setAutoCommit(auto);
      }
    }
  }
}
