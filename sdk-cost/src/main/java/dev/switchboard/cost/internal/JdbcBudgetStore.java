package dev.switchboard.cost.internal;

import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetClaim;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.ReservationResult;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Budget state in PostgreSQL, shared by every client that uses the database. A reservation is one
 * transaction: a conditional {@code UPDATE ... SET reserved = reserved + ? WHERE spent + reserved +
 * ? <= limit} per hard budget (PostgreSQL re-checks the condition on the locked row, so concurrent
 * reservations from any number of processes never pass the limit), rolled back whole if any
 * refuses. Rows are locked in name order so that transactions never deadlock.
 *
 * <p>A budget's row for a period is created on first use, starting from what the ledger table
 * already holds for that budget and period. Reservations of a process that died are released after
 * {@code staleAfter} (checked at most once a minute).
 */
public final class JdbcBudgetStore implements BudgetStore {
  private static final Logger log = LoggerFactory.getLogger(JdbcBudgetStore.class);
  private static final Duration STALE_CHECK_EVERY = Duration.ofMinutes(1);
  private static final Comparator<BudgetClaim> LOCK_ORDER =
      Comparator.comparing((BudgetClaim c) -> c.budget().name())
          .thenComparing(BudgetClaim::periodKey);

  private static final String CREATE_ROW =
      "INSERT INTO "
          + "{budget}"
          + " (budget_name, period_key, currency, spent, reserved, updated_at) "
          + "SELECT ?, ?, ?, COALESCE(SUM(amount), 0), 0, ? FROM "
          + "{ledger}"
          + " WHERE recorded_at >= ? AND currency = ? AND tags @> CAST(? AS JSONB) "
          + "ON CONFLICT (budget_name, period_key) DO NOTHING";
  private static final String RESERVE_HARD =
      "UPDATE "
          + "{budget}"
          + " SET reserved = reserved + ?, updated_at = ? "
          + "WHERE budget_name = ? AND period_key = ? AND spent + reserved + ? <= ? RETURNING spent, reserved";
  private static final String RESERVE_SOFT =
      "UPDATE "
          + "{budget}"
          + " SET reserved = reserved + ?, updated_at = ? "
          + "WHERE budget_name = ? AND period_key = ? RETURNING spent, reserved";
  private static final String HOLD =
      "INSERT INTO "
          + "{reservation}"
          + " (reservation_id, budget_name, period_key, amount, created_at) VALUES (?, ?, ?, ?, ?) "
          + "ON CONFLICT (reservation_id, budget_name, period_key) DO UPDATE SET amount = "
          + "{reservation}"
          + ".amount + EXCLUDED.amount";
  private static final String RELEASE =
      "DELETE FROM "
          + "{reservation}"
          + " WHERE reservation_id = ? RETURNING budget_name, period_key, amount";
  private static final String SETTLE =
      "UPDATE "
          + "{budget}"
          + " SET reserved = reserved - ?, spent = spent + ?, "
          + "updated_at = ? WHERE budget_name = ? AND period_key = ?";
  private static final String STATUS =
      "SELECT spent, reserved FROM " + "{budget}" + " WHERE budget_name = ? AND period_key = ?";
  private static final String RELEASE_STALE =
      "WITH stale AS (DELETE FROM "
          + "{reservation}"
          + " WHERE created_at < ? RETURNING budget_name, period_key, amount), "
          + "total AS (SELECT budget_name, period_key, SUM(amount) AS amount FROM stale GROUP BY budget_name, period_key) "
          + "UPDATE "
          + "{budget}"
          + " b SET reserved = b.reserved - total.amount FROM total "
          + "WHERE b.budget_name = total.budget_name AND b.period_key = total.period_key";

  private final SharedDatabase shared;
  private final DataSource db;
  private final Duration staleAfter;
  private final String createRowSql;
  private final String reserveHardSql;
  private final String reserveSoftSql;
  private final String holdSql;
  private final String releaseSql;
  private final String settleSql;
  private final String statusSql;
  private final String releaseStaleSql;

  private final Clock clock;
  private volatile Instant nextStaleCheck = Instant.MIN;

  /** A store in an application's DataSource whose orphaned reservations go after an hour. */
  public JdbcBudgetStore(DataSource db) {
    this(
        SharedDatabase.of(Checks.notNull(db, "dataSource")),
        Duration.ofHours(1),
        Clock.systemUTC());
  }

  /** A store in an application's DataSource. */
  public JdbcBudgetStore(DataSource db, Duration staleAfter, Clock clock) {
    this(SharedDatabase.of(Checks.notNull(db, "dataSource")), staleAfter, clock);
  }

  /**
   * A store in the shared database; closing it releases this use of the database's pool.
   *
   * @throws dev.switchboard.error.SwitchboardException if the tables cannot be created
   */
  public JdbcBudgetStore(SharedDatabase shared, Duration staleAfter, Clock clock) {
    this.shared = Checks.notNull(shared, "database");
    this.db = shared.dataSource();
    this.staleAfter = Checks.notNull(staleAfter, "staleAfter");
    this.clock = Checks.notNull(clock, "clock");
    Jdbc t = Jdbc.tables(shared);
    this.createRowSql = sql(CREATE_ROW, t);
    this.reserveHardSql = sql(RESERVE_HARD, t);
    this.reserveSoftSql = sql(RESERVE_SOFT, t);
    this.holdSql = sql(HOLD, t);
    this.releaseSql = sql(RELEASE, t);
    this.settleSql = sql(SETTLE, t);
    this.statusSql = sql(STATUS, t);
    this.releaseStaleSql = sql(RELEASE_STALE, t);
  }

  private static String sql(String template, Jdbc t) {
    return template
        .replace("{budget}", t.budget)
        .replace("{ledger}", t.ledger)
        .replace("{reservation}", t.reservation);
  }

  @Override
  public ReservationResult reserve(String reservationId, List<BudgetClaim> claims) {
    releaseStaleIfDue();
    List<BudgetClaim> ordered = new ArrayList<>(claims);
    ordered.sort(LOCK_ORDER);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        List<BudgetStatus> statuses = new ArrayList<>(ordered.size());
        for (BudgetClaim claim : ordered) {
          createRow(c, claim);
          BudgetStatus after = reserveOne(c, claim);
          if (after == null) {
            BudgetStatus now = read(c, claim.budget(), claim.periodKey());
            c.rollback();
            return ReservationResult.refused(now, statuses);
          }
          statuses.add(after);
          hold(c, reservationId, claim);
        }
        c.commit();
        return ReservationResult.granted(statuses);
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.failure("cannot reserve against budgets", e);
    }
  }

  /** The claim reserved, and the row after it; or null if a hard budget refused. */
  private BudgetStatus reserveOne(Connection c, BudgetClaim claim) throws SQLException {
    // Nothing to reserve cannot pass a limit: a free call is never refused.
    boolean hard = claim.budget().mode() == BudgetMode.HARD && claim.amount().signum() > 0;
    try (PreparedStatement s = c.prepareStatement(hard ? reserveHardSql : reserveSoftSql)) {
      s.setBigDecimal(1, claim.amount());
      s.setObject(2, now());
      s.setString(3, claim.budget().name());
      s.setString(4, claim.periodKey());
      if (hard) {
        s.setBigDecimal(5, claim.amount());
        s.setBigDecimal(6, claim.budget().limit());
      }
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next()) return null;
        return new BudgetStatus(
            claim.budget(), claim.periodKey(), rs.getBigDecimal(1), rs.getBigDecimal(2));
      }
    }
  }

  private void hold(Connection c, String reservationId, BudgetClaim claim) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(holdSql)) {
      s.setString(1, reservationId);
      s.setString(2, claim.budget().name());
      s.setString(3, claim.periodKey());
      s.setBigDecimal(4, claim.amount());
      s.setObject(5, now());
      s.executeUpdate();
    }
  }

  @Override
  public void settle(String reservationId, List<BudgetClaim> actual) {
    List<BudgetClaim> ordered = new ArrayList<>(actual);
    ordered.sort(LOCK_ORDER);
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      try {
        Map<String, BigDecimal> held = release(c, reservationId);
        for (BudgetClaim claim : ordered) {
          createRow(c, claim);
          BigDecimal reserved =
              held.getOrDefault(key(claim.budget().name(), claim.periodKey()), BigDecimal.ZERO);
          try (PreparedStatement s = c.prepareStatement(settleSql)) {
            s.setBigDecimal(1, reserved);
            s.setBigDecimal(2, claim.amount());
            s.setObject(3, now());
            s.setString(4, claim.budget().name());
            s.setString(5, claim.periodKey());
            s.executeUpdate();
          }
        }
        c.commit();
      } catch (SQLException | RuntimeException e) {
        Jdbc.rollbackQuietly(c);
        throw e;
      }
    } catch (SQLException e) {
      throw Jdbc.failure("cannot settle a budget reservation", e);
    }
  }

  private Map<String, BigDecimal> release(Connection c, String reservationId) throws SQLException {
    Map<String, BigDecimal> held = new HashMap<>();
    try (PreparedStatement s = c.prepareStatement(releaseSql)) {
      s.setString(1, reservationId);
      try (ResultSet rs = s.executeQuery()) {
        while (rs.next())
          held.merge(key(rs.getString(1), rs.getString(2)), rs.getBigDecimal(3), BigDecimal::add);
      }
    }
    return held;
  }

  @Override
  public BudgetStatus status(Budget budget, Instant at) {
    BudgetClaim probe = new BudgetClaim(budget, at, BigDecimal.ZERO);
    try (Connection c = db.getConnection()) {
      createRow(c, probe);
      return read(c, budget, probe.periodKey());
    } catch (SQLException e) {
      throw Jdbc.failure("cannot read a budget's state", e);
    }
  }

  private BudgetStatus read(Connection c, Budget budget, String periodKey) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(statusSql)) {
      s.setString(1, budget.name());
      s.setString(2, periodKey);
      try (ResultSet rs = s.executeQuery()) {
        if (!rs.next())
          return new BudgetStatus(budget, periodKey, BigDecimal.ZERO, BigDecimal.ZERO);
        return new BudgetStatus(budget, periodKey, rs.getBigDecimal(1), rs.getBigDecimal(2));
      }
    }
  }

  /** Creates the budget's row for the claim's period, seeded from the ledger, unless it exists. */
  private void createRow(Connection c, BudgetClaim claim) throws SQLException {
    try (PreparedStatement s = c.prepareStatement(createRowSql)) {
      s.setString(1, claim.budget().name());
      s.setString(2, claim.periodKey());
      s.setString(3, claim.budget().currency());
      s.setObject(4, now());
      s.setObject(5, OffsetDateTime.ofInstant(claim.periodStart(), ZoneOffset.UTC));
      s.setString(6, claim.budget().currency());
      s.setString(7, Json.write(claim.budget().match()));
      s.executeUpdate();
    }
  }

  /** Releases reservations left by processes that died mid-call. */
  private void releaseStaleIfDue() {
    Instant now = clock.instant();
    if (now.isBefore(nextStaleCheck)) return;
    nextStaleCheck = now.plus(STALE_CHECK_EVERY);
    try (Connection c = db.getConnection();
        PreparedStatement s = c.prepareStatement(releaseStaleSql)) {
      s.setObject(1, OffsetDateTime.ofInstant(now.minus(staleAfter), ZoneOffset.UTC));
      s.executeUpdate();
    } catch (SQLException e) {
      // Housekeeping: a user's call must not fail for it. Tried again at the next check.
      log.warn(
          "cannot release stale budget reservations (SQLState {}); retried in {}",
          e.getSQLState(),
          STALE_CHECK_EVERY);
    }
  }

  @Override
  public void close() {
    shared.close();
  }

  private OffsetDateTime now() {
    return OffsetDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
  }

  private static String key(String budget, String period) {
    return budget + '\u0000' + period;
  }
}
