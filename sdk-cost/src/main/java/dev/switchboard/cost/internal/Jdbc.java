package dev.switchboard.cost.internal;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.jdbc.SharedDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * The PostgreSQL tables of the JDBC ledger and budget store in one shared database (names carry the
 * database's schema and prefix), created if absent, and the small helpers both share. Amounts are
 * unconstrained {@code NUMERIC}, so they are stored exactly.
 */
final class Jdbc {
  final String ledger;
  final String budget;
  final String reservation;

  private Jdbc(SharedDatabase db) {
    this.ledger = db.table("cost_ledger");
    this.budget = db.table("budget");
    this.reservation = db.table("budget_reservation");
  }

  /**
   * The tables of {@code db}, created if absent (under the database's advisory lock, so that many
   * instances starting together do not race).
   *
   * @throws SwitchboardException if they cannot be created
   */
  static Jdbc tables(SharedDatabase db) {
    Jdbc t = new Jdbc(db);
    db.createTables(
        "the cost tables",
        List.of(
            "CREATE TABLE IF NOT EXISTS "
                + t.ledger
                + " ("
                + "id VARCHAR(64) PRIMARY KEY, recorded_at TIMESTAMPTZ NOT NULL, call_id VARCHAR(64) NOT NULL, "
                + "attempt INTEGER NOT NULL, operation VARCHAR(16) NOT NULL, logical_model VARCHAR(200) NOT NULL, "
                + "provider VARCHAR(200) NOT NULL, model VARCHAR(200) NOT NULL, input_tokens BIGINT NOT NULL, "
                + "cached_input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, reasoning_tokens BIGINT NOT NULL, "
                + "amount NUMERIC NOT NULL, currency CHAR(3) NOT NULL, estimated BOOLEAN NOT NULL, unpriced BOOLEAN NOT NULL, "
                + "duration_ms BIGINT NOT NULL, outcome VARCHAR(16) NOT NULL, tags JSONB NOT NULL, price_source VARCHAR(400))",
            "CREATE INDEX IF NOT EXISTS "
                + db.name("cost_ledger_recorded_at")
                + " ON "
                + t.ledger
                + " (recorded_at)",
            "CREATE TABLE IF NOT EXISTS "
                + t.budget
                + " ("
                + "budget_name VARCHAR(200) NOT NULL, period_key VARCHAR(16) NOT NULL, currency CHAR(3) NOT NULL, "
                + "spent NUMERIC NOT NULL, reserved NUMERIC NOT NULL, updated_at TIMESTAMPTZ NOT NULL, "
                + "PRIMARY KEY (budget_name, period_key))",
            "CREATE TABLE IF NOT EXISTS "
                + t.reservation
                + " ("
                + "reservation_id VARCHAR(64) NOT NULL, budget_name VARCHAR(200) NOT NULL, period_key VARCHAR(16) NOT NULL, "
                + "amount NUMERIC NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
                + "PRIMARY KEY (reservation_id, budget_name, period_key))",
            "CREATE INDEX IF NOT EXISTS "
                + db.name("budget_reservation_created_at")
                + " ON "
                + t.reservation
                + " (created_at)"));
    return t;
  }

  static void rollbackQuietly(Connection c) {
    try {
      c.rollback();
    } catch (SQLException ignored) {
      // the connection is closed next; the transaction dies with it
    }
  }

  /** An SDK exception naming the SQL state only: driver messages may echo values. */
  static SwitchboardException failure(String what, SQLException e) {
    String state = e == null ? "" : " (SQLState " + e.getSQLState() + ")";
    return new SwitchboardException(what + state, ErrorContext.NONE, e);
  }
}
