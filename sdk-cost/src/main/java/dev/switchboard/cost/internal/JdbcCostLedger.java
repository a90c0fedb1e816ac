package dev.switchboard.cost.internal;

import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.jdbc.SharedDatabase;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;

/**
 * The ledger as a PostgreSQL table, one row per billed attempt, shared by many processes. An append
 * is one pooled round trip; a record written twice (a replay from the spool after a commit whose
 * answer was lost) is stored once.
 */
public final class JdbcCostLedger implements CostLedger {
  private final String insert;
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
    this.insert =
        "INSERT INTO "
            + t.ledger
            + " (id, recorded_at, call_id, attempt, operation, "
            + "logical_model, provider, model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, amount, "
            + "currency, estimated, unpriced, duration_ms, outcome, tags, price_source) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS JSONB), ?) "
            // a replayed record whose first write did commit is not counted twice
            + "ON CONFLICT (id) DO NOTHING";
    this.select =
        "SELECT id, recorded_at, call_id, attempt, operation, logical_model, provider, "
            + "model, input_tokens, cached_input_tokens, output_tokens, reasoning_tokens, amount, currency, estimated, "
            + "unpriced, duration_ms, outcome, tags::text, price_source FROM "
            + t.ledger
            + " WHERE recorded_at >= ? ORDER BY recorded_at, id";
  }

  @Override
  public void append(CostRecord r) {
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(insert)) {
      s.setString(1, r.id());
      s.setObject(2, OffsetDateTime.ofInstant(r.time(), ZoneOffset.UTC));
      s.setString(3, r.callId());
      s.setInt(4, r.attempt());
      s.setString(5, r.operation().name());
      s.setString(6, r.logicalModel());
      s.setString(7, r.provider());
      s.setString(8, r.model());
      s.setLong(9, r.usage().inputTokens());
      s.setLong(10, r.usage().cachedInputTokens());
      s.setLong(11, r.usage().outputTokens());
      s.setLong(12, r.usage().reasoningTokens());
      s.setBigDecimal(13, r.cost().amount());
      s.setString(14, r.cost().currency());
      s.setBoolean(15, r.cost().estimated());
      s.setBoolean(16, r.cost().unpriced());
      s.setLong(17, r.duration().toMillis());
      s.setString(18, r.outcome().name());
      s.setString(19, Json.write(r.tags()));
      s.setString(20, r.priceSource());
      s.executeUpdate();
    } catch (SQLException e) {
      throw Jdbc.failure("cannot append to the cost ledger table", e);
    }
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
