package dev.switchboard.cost;

import dev.switchboard.cost.internal.InMemoryBudgetStore;
import dev.switchboard.cost.internal.JdbcBudgetStore;
import dev.switchboard.jdbc.SharedDatabase;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;

/**
 * Where budgets keep what was spent and what is reserved, per budget and period. Implementations
 * are thread-safe and make each {@link #reserve} all-or-nothing, so that concurrent calls never
 * reserve past a hard limit.
 *
 * <p>{@link #inMemory()} serves one process; {@link #jdbc(DataSource)} lets many processes share
 * one PostgreSQL database, with every reservation a conditional update in one transaction.
 *
 * @since 0.1
 */
public interface BudgetStore extends AutoCloseable {

  /** State in this process only: correct for one application instance. */
  static BudgetStore inMemory() {
    return new InMemoryBudgetStore(List::of, Instant.EPOCH);
  }

  /**
   * State in a PostgreSQL database, shared by every client using it; tables are created if absent.
   *
   * @throws dev.switchboard.error.SwitchboardException if the database cannot be reached
   */
  static BudgetStore jdbc(DataSource dataSource) {
    return new JdbcBudgetStore(dataSource);
  }

  /**
   * State in the shared database (its schema and table prefix); closing the store closes {@code
   * database} (this use of its pool). Reservations of a process that died are released after an
   * hour.
   *
   * @throws dev.switchboard.error.SwitchboardException if the database cannot be reached
   * @since 0.3
   */
  static BudgetStore jdbc(SharedDatabase database) {
    return new JdbcBudgetStore(
        database, java.time.Duration.ofHours(1), java.time.Clock.systemUTC());
  }

  /**
   * Reserves each claim under the reservation id, adding to what the id already holds. If a {@link
   * BudgetMode#HARD hard} budget would pass its limit (spent + reserved + amount &gt; limit),
   * nothing at all is reserved and the result names that budget. Soft budgets are reserved
   * regardless.
   */
  ReservationResult reserve(String reservationId, List<BudgetClaim> claims);

  /**
   * Releases everything reserved under the id and adds each claim's amount (what the call really
   * cost) to its budget's spending. Idempotent per reservation id only in the sense that releasing
   * twice releases nothing more; callers settle once.
   */
  void settle(String reservationId, List<BudgetClaim> actual);

  /** The budget's state in the period containing {@code at}. */
  BudgetStatus status(Budget budget, Instant at);

  /** Releases connections. The default does nothing. */
  @Override
  default void close() {}
}
