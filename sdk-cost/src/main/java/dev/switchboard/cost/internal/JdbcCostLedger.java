package dev.switchboard.cost.internal;

import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.jdbc.internal.batch.GroupCommit;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.spi.Checks;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The ledger as a PostgreSQL table, one row per billed attempt, shared by many processes. Appends
 * from this process's threads are group-committed ({@link GroupCommit}, one batch in flight): the
 * records waiting go in one multi-row {@code INSERT}, one round trip and one transaction, and each
 * append returns once its record is committed, or throws. A record written twice (a replay from the
 * spool after a commit whose answer was lost) is stored once.
 *
 * <p>When a batch of several fails on its data ({@code SQLState} class 22, data exception, or 23,
 * integrity constraint), its records are written again one by one, so that one bad record fails
 * only its own caller; a failure of the connection or the server fails the batch (retrying each
 * would multiply the wait).
 */
public final class JdbcCostLedger implements CostLedger {
  /**
   * The most records one insert carries: 20 parameters each, far below PostgreSQL's 65,535, and a
   * bound on the distinct statement texts each connection prepares (one per batch size).
   */
  static final int MAX_BATCH = 64;

  /**
   * Batches in flight at once: one, the setting measured in docs/many-instances.md. The audit
   * trail's reason for two (a second batch waits at the table lock while the first commits) has no
   * counterpart here: the ledger's insert takes no table lock.
   */
  static final int IN_FLIGHT = 1;

  private static final int COLUMNS = 20;

  private final String[] inserts = new String[MAX_BATCH + 1];
  private final GroupCommit<Append> appends =
      new GroupCommit<>(batch -> flush(batch, this::insert), IN_FLIGHT, MAX_BATCH);
  private final String select;
  private final SharedDatabase shared;
  private final DataSource db;

  /**
   * The ledger in an application's DataSource, tables named {@code switchboard_...}.
   *
   * @throws dev.switchboard.error.SwitchboardException if the tables cannot be created
   */
  public JdbcCostLedger(DataSource db) {
    this(SharedDatabase.of(Checks.notNull(db, "dataSource")));
  }

  /**
   * The ledger in the shared database; closing it releases this use of the database's pool.
   *
   * @throws dev.switchboard.error.SwitchboardException if the tables cannot be created
   */
  public JdbcCostLedger(SharedDatabase shared) {
    this.shared = Checks.notNull(shared, "database");
    this.db = shared.dataSource();
    Jdbc t = Jdbc.tables(shared);
    String row = "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?)";
    for (int n = 1; n <= MAX_BATCH; n++) {
      inserts[n] =
          "INSERT INTO "
              + t.ledger
              + " (id, recorded_at, call_id, attempt, operation, "
              + "logical_model, provider, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, amount, "
              + "currency, estimated, unpriced, duration_ms, outcome, tags, price_source) VALUES "
              + String.join(", ", Collections.nCopies(n, row))
              // a replayed record whose first write did commit is not counted twice (nor a record
              // twice in one batch)
              + " ON CONFLICT (id) DO NOTHING";
    }
    this.select =
        "SELECT id, recorded_at, call_id, attempt, operation, logical_model, provider, "
            + "model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, amount, currency, estimated, "
            + "unpriced, duration_ms, outcome, tags::text, price_source FROM "
            + t.ledger
            + " WHERE recorded_at >= ? ORDER BY recorded_at, id";
  }

  @Override
  public void append(CostRecord r) {
    Checks.notNull(r, "record");
    Append mine = new Append(r);
    try {
      appends.submit(mine);
    } catch (GroupCommit.FlushFailed e) {
      // The write stopped midway: whatever it stored, the record is not taken for committed (a
      // replay of one that was committed is stored once).
      throw Jdbc.failure(
          "cannot append to the cost ledger table",
          new SQLException("the batch could not be written", e));
    }
    if (!mine.written) {
      // Only a record the flush marked written is; one it left without an outcome is not.
      throw Jdbc.failure(
          "cannot append to the cost ledger table",
          mine.failure != null ? mine.failure : new SQLException("the batch could not be written"));
    }
  }

  /** One record waiting for its batch, and what became of it: written, or its failure. */
  static final class Append {
    final CostRecord record;
    boolean written;
    SQLException failure;

    Append(CostRecord record) {
      this.record = record;
    }
  }

  /** Writes a batch in one transaction: all of it or nothing. */
  @FunctionalInterface
  interface Insert {
    void insert(List<Append> batch) throws SQLException;
  }

  /**
   * Writes {@code batch} with {@code insert} and records each record's outcome; on a data error of
   * a batch of several, writes each record alone (see the class comment). Static, with the insert
   * passed in, so that the policy is tested without a database.
   */
  static void flush(List<Append> batch, Insert insert) {
    try {
      insert.insert(batch);
      for (Append a : batch) a.written = true;
    } catch (SQLException e) {
      if (batch.size() > 1 && dataError(e)) {
        for (Append a : batch) writeAlone(a, insert);
      } else {
        for (Append a : batch) a.failure = e;
      }
    } catch (RuntimeException e) {
      for (Append a : batch) a.failure = new SQLException("the batch could not be written", e);
    }
  }

  private static void writeAlone(Append a, Insert insert) {
    try {
      insert.insert(List.of(a));
      a.written = true;
    } catch (SQLException e) {
      a.failure = e;
    } catch (RuntimeException e) {
      a.failure = new SQLException("the record could not be written", e);
    }
  }

  private static boolean dataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  /** One statement, so one transaction in auto-commit: all of the batch or none of it. */
  private void insert(List<Append> batch) throws SQLException {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(inserts[batch.size()])) {
      int i = 0;
      for (Append a : batch) {
        bind(s, i, a.record);
        i += COLUMNS;
      }
      s.executeUpdate();
    }
  }

  private static void bind(PreparedStatement s, int at, CostRecord r) throws SQLException {
    s.setString(at + 1, r.id());
    s.setObject(at + 2, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
    s.setString(at + 3, r.callId());
    s.setInt(at + 4, r.attempt());
    s.setString(at + 5, r.operation().name());
    s.setString(at + 6, r.logicalModel());
    s.setString(at + 7, r.provider());
    s.setString(at + 8, r.model());
    s.setLong(at + 9, r.usage().inputTokens());
    s.setLong(at + 10, r.usage().cachedInputTokens());
    s.setLong(at + 11, r.usage().outputTokens());
    s.setLong(at + 12, r.usage().reasoningTokens());
    s.setBigDecimal(at + 13, r.cost().amount());
    s.setString(at + 14, r.cost().currency());
    s.setBoolean(at + 15, r.cost().estimated());
    s.setBoolean(at + 16, r.cost().unpriced());
    s.setLong(at + 17, r.duration().toMillis());
    s.setString(at + 18, r.outcome().name());
    s.setString(at + 19, Json.write(r.tags()));
    s.setString(at + 20, r.priceSource());
  }

  @Override
  public LedgerSnapshot read(Instant since) {
    List<CostRecord> records = new ArrayList<>();
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(select)) {
      s.setObject(
          1, OffsetDateTime.ofInstant(since == null ? Instant.EPOCH : since, ZoneOffset.UTC));
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next()) records.add(row(rs));
      }
    } catch (SQLException e) {
      throw Jdbc.failure("cannot read the cost ledger table", e);
    }
    return new LedgerSnapshot(records, List.of());
  }

  private static CostRecord row(ResultSet rs) throws SQLException {
    return new CostRecord(
        rs.getString(1),
        rs.getObject(2, OffsetDateTime.class).toInstant(),
        rs.getString(3),
        rs.getInt(4),
        Operation.valueOf(rs.getString(5)),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        new Usage(rs.getLong(9), rs.getLong(10), rs.getLong(11), rs.getLong(12)),
        new Cost(
            rs.getBigDecimal(13), rs.getString(14).trim(), rs.getBoolean(15), rs.getBoolean(16)),
        Duration.ofMillis(rs.getLong(17)),
        AttemptOutcome.valueOf(rs.getString(18)),
        tags(rs.getString(19)),
        rs.getString(20));
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> tags(String json) {
    Map<String, Object> raw = Json.MAPPER.convertValue(Json.parseOrNull(json), Map.class);
    Map<String, String> tags = new LinkedHashMap<>();
    if (raw != null) raw.forEach((k, v) -> tags.put(k, String.valueOf(v)));
    return tags;
  }

  @Override
  public void close() {
    shared.close();
  }
}
