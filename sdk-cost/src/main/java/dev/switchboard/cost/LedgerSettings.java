package dev.switchboard.cost;

import dev.switchboard.auth.Secret;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the cost ledger lives, as configured ({@code ledger:} in the config file). Holds no open
 * file or connection: a {@link dev.switchboard.ModelClient} opens it when built.
 *
 * @since 0.1
 */
public final class LedgerSettings {
  /** The kinds of ledger. */
  public enum Kind {
    /** No ledger: costs appear on responses only. */
    NONE,
    /** A JSON-lines file. */
    FILE,
    /** A PostgreSQL database; budgets are then kept there too. */
    JDBC
  }

  /**
   * What a client does when the database ledger cannot be written ({@code ledger.on-failure}). In
   * both cases the billed record is kept in the local spool ({@code ledger.spool}) and written to
   * the ledger, in order, when the database answers again; the provider has billed it already.
   *
   * @since 0.3
   */
  public enum OnFailure {
    /** Calls go on; their records wait in the spool behind the earlier ones. The default. */
    SPOOL,
    /**
     * Calls are refused before the vendor is called while the spool cannot be written to the
     * ledger: no new spending until the books are whole again.
     */
    REFUSE
  }

  /** The spool file when none is configured, in the working directory. */
  public static final Path DEFAULT_SPOOL = Path.of("switchboard-ledger-spool.jsonl");

  private static final LedgerSettings NONE =
      new LedgerSettings(Kind.NONE, null, CostLedger.Sync.EVERY_RECORD, null, null);

  private final Kind kind;
  private final Path path;
  private final CostLedger.Sync sync;
  private final JdbcSettings jdbc;
  private final BigDecimal unreadableLineCost;
  private final OnFailure onFailure;
  private final Path spool;

  private LedgerSettings(
      Kind kind,
      Path path,
      CostLedger.Sync sync,
      JdbcSettings jdbc,
      BigDecimal unreadableLineCost) {
    this(kind, path, sync, jdbc, unreadableLineCost, OnFailure.SPOOL, DEFAULT_SPOOL);
  }

  private LedgerSettings(
      Kind kind,
      Path path,
      CostLedger.Sync sync,
      JdbcSettings jdbc,
      BigDecimal unreadableLineCost,
      OnFailure onFailure,
      Path spool) {
    this.kind = kind;
    this.path = path;
    this.sync = sync;
    this.jdbc = jdbc;
    this.unreadableLineCost = unreadableLineCost;
    this.onFailure = onFailure;
    this.spool = spool;
  }

  /**
   * These settings with what to do when the database ledger cannot be written, and where the spool
   * lives. Instances that share a working directory need a spool file each.
   *
   * @since 0.3
   */
  public LedgerSettings withOnFailure(OnFailure onFailure, Path spool) {
    return new LedgerSettings(
        kind,
        path,
        sync,
        jdbc,
        unreadableLineCost,
        Checks.notNull(onFailure, "onFailure"),
        Checks.notNull(spool, "spool"));
  }

  /**
   * What a client does when the database ledger cannot be written.
   *
   * @since 0.3
   */
  public OnFailure onFailure() {
    return onFailure;
  }

  /**
   * The local file that keeps billed records and settlements the database could not take.
   *
   * @since 0.3
   */
  public Path spool() {
    return spool;
  }

  /** No ledger. */
  public static LedgerSettings none() {
    return NONE;
  }

  /** A JSON-lines file with the given sync policy. */
  public static LedgerSettings file(Path path, CostLedger.Sync sync) {
    return new LedgerSettings(
        Kind.FILE, Checks.notNull(path, "path"), Checks.notNull(sync, "sync"), null, null);
  }

  /**
   * A PostgreSQL database with the default pool; the driver must be on the class path.
   *
   * @param url a JDBC URL such as {@code jdbc:postgresql://db.hospital.internal/switchboard}
   * @param user the user, or null to take it from the URL
   * @param password the password, or null
   */
  public static LedgerSettings jdbc(String url, String user, Secret password) {
    return jdbc(JdbcSettings.of(url).withUser(user).withPassword(password));
  }

  /**
   * The shared PostgreSQL database (the config's {@code jdbc:} block), reached through the
   * process's pool for it; budgets are kept there too.
   *
   * @since 0.3
   */
  public static LedgerSettings jdbc(JdbcSettings database) {
    return new LedgerSettings(
        Kind.JDBC, null, CostLedger.Sync.EVERY_RECORD, Checks.notNull(database, "database"), null);
  }

  /**
   * These settings, with each ledger line that cannot be read counted at {@code cost} against every
   * budget's current period when the budgets start from the ledger ({@code
   * ledger.unreadable-line-cost}). Without it, a client with a hard budget refuses to start from a
   * ledger with an unreadable line, since the budget would count less than was spent.
   *
   * @param cost the most one billed attempt can plausibly cost, in the price catalog's currency
   * @throws IllegalArgumentException if {@code cost} is negative
   * @since 0.2
   */
  public LedgerSettings withUnreadableLineCost(BigDecimal cost) {
    Checks.notNull(cost, "cost");
    Checks.check(cost.signum() >= 0, "cost", "must not be negative");
    return new LedgerSettings(kind, path, sync, jdbc, cost, onFailure, spool);
  }

  /**
   * What each unreadable ledger line counts as against the budgets; empty: a hard budget refuses to
   * start from a ledger with unreadable lines.
   *
   * @since 0.2
   */
  public Optional<BigDecimal> unreadableLineCost() {
    return Optional.ofNullable(unreadableLineCost);
  }

  public Kind kind() {
    return kind;
  }

  /** The file, for {@link Kind#FILE}. */
  public Optional<Path> path() {
    return Optional.ofNullable(path);
  }

  /** The file's sync policy. */
  public CostLedger.Sync sync() {
    return sync;
  }

  /**
   * The database, for {@link Kind#JDBC}.
   *
   * @since 0.3
   */
  public Optional<JdbcSettings> database() {
    return Optional.ofNullable(jdbc);
  }

  /** The JDBC URL, for {@link Kind#JDBC}. */
  public Optional<String> url() {
    return database().map(JdbcSettings::url);
  }

  public Optional<String> user() {
    return database().flatMap(JdbcSettings::user);
  }

  public Optional<Secret> password() {
    return database().flatMap(JdbcSettings::password);
  }

  /** Kind and location; never the password (a JDBC URL's query string is left out too). */
  @Override
  public String toString() {
    switch (kind) {
      case FILE:
        return "LedgerSettings[file " + path + ", sync=" + sync + "]";
      case JDBC:
        return "LedgerSettings[jdbc " + jdbc.safeUrl() + "]";
      default:
        return "LedgerSettings[none]";
    }
  }
}
