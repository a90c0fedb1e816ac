package dev.switchboard.cost.internal;

import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;

/**
 * The PostgreSQL schema of the JDBC ledger and budget store, created if absent, and the small
 * helpers both share. Amounts are unconstrained {@code NUMERIC}, so they are stored exactly.
 */
final class Jdbc {
  static final String LEDGER = "switchboard_cost_ledger";
  static final String BUDGET = "switchboard_budget";
  static final String RESERVATION = "switchboard_budget_reservation";

  private static final List<String> SCHEMA =
      List.of(
          "CREATE TABLE IF NOT EXISTS "
              + LEDGER
              + " ("
              + "id VARCHAR(64) PRIMARY KEY, recorded_at TIMESTAMPTZ NOT NULL, call_id VARCHAR(64) NOT NULL, "
              + "attempt INTEGER NOT NULL, operation VARCHAR(16) NOT NULL, logical_model VARCHAR(200) NOT NULL, "
              + "provider VARCHAR(200) NOT NULL, model VARCHAR(200) NOT NULL, input_tokens BIGINT NOT NULL, "
              + "cached_input_tokens BIGINT NOT NULL, output_tokens BIGINT NOT NULL, reasoning_tokens BIGINT NOT NULL, "
              + "amount NUMERIC NOT NULL, currency CHAR(3) NOT NULL, estimated BOOLEAN NOT NULL, unpriced BOOLEAN NOT NULL, "
              + "duration_ms BIGINT NOT NULL, outcome VARCHAR(16) NOT NULL, tags JSONB NOT NULL, price_source VARCHAR(400))",
          "CREATE INDEX IF NOT EXISTS " + LEDGER + "_recorded_at ON " + LEDGER + " (recorded_at)",
          "CREATE TABLE IF NOT EXISTS "
              + BUDGET
              + " ("
              + "budget_name VARCHAR(200) NOT NULL, period_key VARCHAR(16) NOT NULL, currency CHAR(3) NOT NULL, "
              + "spent NUMERIC NOT NULL, reserved NUMERIC NOT NULL, updated_at TIMESTAMPTZ NOT NULL, "
              + "PRIMARY KEY (budget_name, period_key))",
          "CREATE TABLE IF NOT EXISTS "
              + RESERVATION
              + " ("
              + "reservation_id VARCHAR(64) NOT NULL, budget_name VARCHAR(200) NOT NULL, period_key VARCHAR(16) NOT NULL, "
              + "amount NUMERIC NOT NULL, created_at TIMESTAMPTZ NOT NULL, "
              + "PRIMARY KEY (reservation_id, budget_name, period_key))",
          "CREATE INDEX IF NOT EXISTS "
              + RESERVATION
              + "_created_at ON "
              + RESERVATION
              + " (created_at)");

  private Jdbc() {}

  /**
   * Creates the tables if absent. Two processes starting together may race on {@code CREATE ... IF
   * NOT EXISTS} (PostgreSQL can then report a duplicate); the second try sees the tables.
   */
  static void ensureSchema(DataSource db) {
    SQLException last = null;
    for (int attempt = 0; attempt < 3; attempt++) {
      try (Connection c = db.getConnection();
          Statement s = c.createStatement()) {
        for (String ddl : SCHEMA) s.execute(ddl);
        return;
      } catch (SQLException e) {
        last = e;
      }
    }
    throw failure("cannot create the cost tables", last);
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
