package dev.switchboard.cost;

import dev.switchboard.cost.internal.FileCostLedger;
import dev.switchboard.cost.internal.InMemoryCostLedger;
import dev.switchboard.cost.internal.JdbcCostLedger;
import dev.switchboard.jdbc.SharedDatabase;
import java.nio.file.Path;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * The append-only record of every billed attempt. Implementations are thread-safe.
 *
 * <ul>
 *   <li>{@link #file(Path)}: one JSON object per line, for one process. Each record is written with
 *       one {@code write} and, by default, forced to disk before the call returns. A line torn by a
 *       crash is terminated on the next open and skipped (and reported) on read.
 *   <li>{@link #jdbc(DataSource)}: a PostgreSQL table shared by many processes.
 *   <li>{@link #inMemory()}: for tests and demos; lost on exit.
 * </ul>
 *
 * @since 0.1
 */
public interface CostLedger extends AutoCloseable {

  /** When the file ledger forces its writes to disk. */
  enum Sync {
    /** After every record: a record is on disk before the call returns. The default. */
    EVERY_RECORD,
    /** Left to the operating system: survives a crash of the process, not of the machine. */
    OS
  }

  /**
   * A JSON-lines file, created if absent, forced to disk after every record.
   *
   * @throws dev.switchboard.error.SwitchboardException if the file cannot be opened, or another
   *     process (or ledger in this process) holds it
   */
  static CostLedger file(Path path) {
    return new FileCostLedger(path, Sync.EVERY_RECORD);
  }

  /** A JSON-lines file with the given sync policy. */
  static CostLedger file(Path path, Sync sync) {
    return new FileCostLedger(path, sync);
  }

  /**
   * A table in a PostgreSQL database, created if absent.
   *
   * @throws dev.switchboard.error.SwitchboardException if the database cannot be reached
   */
  static CostLedger jdbc(DataSource dataSource) {
    return new JdbcCostLedger(dataSource);
  }

  /**
   * The ledger table in the shared database (its schema and table prefix), created if absent.
   * Closing the ledger closes {@code database} (this use of its pool).
   *
   * @throws dev.switchboard.error.SwitchboardException if the database cannot be reached
   * @since 0.3
   */
  static CostLedger jdbc(SharedDatabase database) {
    return new JdbcCostLedger(database);
  }

  /** A ledger in memory. */
  static CostLedger inMemory() {
    return new InMemoryCostLedger();
  }

  /**
   * Opens the ledger the settings describe: the file for writing (see {@link #file(Path, Sync)}),
   * or the database.
   *
   * @throws IllegalArgumentException for {@link LedgerSettings.Kind#NONE}
   * @throws dev.switchboard.error.SwitchboardException if it cannot be opened
   */
  static CostLedger open(LedgerSettings settings) {
    switch (settings.kind()) {
      case FILE:
        return file(settings.path().orElseThrow(), settings.sync());
      case JDBC:
        return jdbc(SharedDatabase.open(settings.database().orElseThrow()));
      default:
        throw new IllegalArgumentException("settings: no ledger is configured");
    }
  }

  /**
   * Reads a ledger file without opening it for writing, so that a report can run while an
   * application appends. Lines that are not complete records are skipped and listed.
   *
   * @param since the earliest time, or null for all
   * @throws dev.switchboard.error.SwitchboardException if the file cannot be read
   */
  static LedgerSnapshot readFile(Path file, Instant since) {
    return FileCostLedger.readFile(file, since);
  }

  /**
   * Appends one record.
   *
   * @throws dev.switchboard.error.SwitchboardException if it cannot be written
   */
  void append(CostRecord record);

  /**
   * The records billed at or after {@code since}, oldest first.
   *
   * @param since the earliest time, or null for all
   * @throws dev.switchboard.error.SwitchboardException if the ledger cannot be read
   */
  LedgerSnapshot read(Instant since);

  /** Every record. */
  default LedgerSnapshot readAll() {
    return read(null);
  }

  /** Releases the file or connections. Idempotent. */
  @Override
  void close();
}
