package dev.switchboard.jdbc;

import dev.switchboard.jdbc.internal.Pools;
import dev.switchboard.jdbc.internal.SchemaCreation;
import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * The database shared by the ledger, the budget store, the audit trail and cluster quotas: a {@link
 * DataSource} with the schema and table prefix the tables live under.
 *
 * <p>{@link #open(JdbcSettings)} gives a HikariCP pool, one per distinct settings per process
 * (counted: the pool closes when the last user closes it), so a client's ledger, budgets and audit
 * trail, and several clients of one application, share connections. {@link #of(DataSource)} wraps a
 * DataSource the application owns (Spring's, for example), which closing this never closes.
 *
 * <pre>{@code
 * try (SharedDatabase db = SharedDatabase.open(JdbcSettings.of(url).withPasswordFromEnv("DB_PW"))) {
 *   CostLedger ledger = CostLedger.jdbc(db);
 * }
 * }</pre>
 *
 * Thread-safe.
 *
 * @since 0.3
 */
public final class SharedDatabase implements AutoCloseable {
  private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,62}");

  private final DataSource dataSource;
  private final @Nullable String schema;
  private final String tablePrefix;
  private final Runnable release;
  private final String description;
  private boolean closed;

  private SharedDatabase(
      DataSource dataSource,
      @Nullable String schema,
      String tablePrefix,
      Runnable release,
      String description) {
    this.dataSource = dataSource;
    this.schema = schema;
    this.tablePrefix = tablePrefix;
    this.release = release;
    this.description = description;
  }

  /**
   * The pooled database these settings describe: the process's pool for them, opened on first use.
   *
   * @throws dev.switchboard.error.SwitchboardException if the pool cannot connect
   */
  public static SharedDatabase open(JdbcSettings settings) {
    Checks.notNull(settings, "settings");
    Pools.Lease lease = Pools.acquire(settings);
    return new SharedDatabase(
        lease.dataSource(),
        settings.schema().orElse(null),
        settings.tablePrefix(),
        lease::release,
        "SharedDatabase[" + settings + "]");
  }

  /** An application's DataSource, tables named {@code switchboard_...} in the default schema. */
  public static SharedDatabase of(DataSource dataSource) {
    return of(dataSource, null, JdbcSettings.DEFAULT_TABLE_PREFIX);
  }

  /**
   * An application's DataSource (never closed here), with the schema and table prefix.
   *
   * @throws IllegalArgumentException if the schema or prefix is not an SQL identifier
   */
  public static SharedDatabase of(
      DataSource dataSource, @Nullable String schema, String tablePrefix) {
    Checks.notNull(dataSource, "dataSource");
    // The same checks as the config's block, so both spellings accept the same names.
    JdbcSettings checked =
        JdbcSettings.of("jdbc:unused").withSchema(schema).withTablePrefix(tablePrefix);
    return new SharedDatabase(
        dataSource,
        checked.schema().orElse(null),
        checked.tablePrefix(),
        () -> {},
        "SharedDatabase[application DataSource"
            + (schema == null ? "" : ", schema " + schema)
            + ", prefix '"
            + tablePrefix
            + "']");
  }

  /** Where connections come from. */
  public DataSource dataSource() {
    return dataSource;
  }

  /** The schema, if the tables are not in the user's default one. */
  public java.util.Optional<String> schema() {
    return java.util.Optional.ofNullable(schema);
  }

  /**
   * The unqualified name of one of the SDK's tables: the prefix and {@code base} ({@code
   * switchboard_audit} for {@code audit}). For index names, which take no schema.
   *
   * @throws IllegalArgumentException if the result is not an SQL identifier
   */
  public String name(String base) {
    String name = tablePrefix + base;
    Checks.check(NAME.matcher(name).matches(), "table", "must be an SQL identifier: " + name);
    return name;
  }

  /** The table's name for SQL statements: {@link #name} qualified with the schema, if any. */
  public String table(String base) {
    return qualify(name(base));
  }

  /**
   * A table name given whole (the audit trail's {@code table:}), qualified with the schema.
   *
   * @throws IllegalArgumentException if {@code name} is not an SQL identifier
   */
  public String qualify(String name) {
    Checks.check(
        name != null && NAME.matcher(name).matches(),
        "table",
        "must be an SQL identifier ([A-Za-z_][A-Za-z0-9_]*)");
    return schema == null ? name : schema + "." + name;
  }

  /**
   * Runs {@code ddl} (idempotent {@code CREATE ... IF NOT EXISTS} statements) in one transaction
   * under a PostgreSQL advisory lock, so that many instances starting together on a fresh database
   * do not race; creates the schema first if there is one. Retries a few times on the duplicate
   * errors that racing {@code CREATE ... IF NOT EXISTS} can raise (SQLState 23505, 42P07, 42710)
   * from writers that do not take the lock.
   *
   * @param what what the tables are for, for the error message (such as {@code "the audit table"})
   * @throws dev.switchboard.error.SwitchboardException naming {@code what} and the SQLState
   */
  public void createTables(String what, List<String> ddl) {
    Checks.notNull(what, "what");
    SchemaCreation.run(dataSource, schema, what, List.copyOf(ddl));
  }

  /** Releases this use of the pool; the pool closes with its last user. Idempotent. */
  @Override
  public void close() {
    synchronized (this) {
      if (closed) return;
      closed = true;
    }
    release.run();
  }

  /** Location and names, never the password. */
  @Override
  public String toString() {
    return description;
  }
}
