package dev.switchboard.jdbc;

import dev.switchboard.auth.Secret;
import dev.switchboard.spi.Checks;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * How to reach the shared PostgreSQL database, from the config's {@code jdbc:} block:
 *
 * <pre>{@code
 * jdbc:
 *   url: jdbc:postgresql://db.hospital.internal/switchboard
 *   user: switchboard
 *   password-env: SWITCHBOARD_DB_PASSWORD     # or password-file: /run/secrets/db, or password: ${VAR}
 *   pool-size: 10
 *   schema: switchboard                       # optional; created if absent
 *   table-prefix: switchboard_                # the default
 * }</pre>
 *
 * The ledger, the budget store, the audit trail and cluster quotas of a client all use it, through
 * one connection pool per process ({@link SharedDatabase#open}). Immutable; {@link #toString()}
 * never shows the password or the URL's query string.
 *
 * @since 0.3
 */
public final class JdbcSettings {
  /** The pool size when none is configured. */
  public static final int DEFAULT_POOL_SIZE = 10;

  /** The table prefix when none is configured: the tables are {@code switchboard_...}. */
  public static final String DEFAULT_TABLE_PREFIX = "switchboard_";

  /** How long a caller waits for a free connection when none is configured. */
  public static final Duration DEFAULT_CONNECTION_TIMEOUT = Duration.ofSeconds(5);

  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,40}");
  private static final Pattern PREFIX = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,20}|");

  private final String url;
  private final @Nullable String user;
  private final @Nullable Secret password;
  private final int poolSize;
  private final Duration connectionTimeout;
  private final @Nullable String schema;
  private final String tablePrefix;

  private JdbcSettings(
      String url,
      @Nullable String user,
      @Nullable Secret password,
      int poolSize,
      Duration connectionTimeout,
      @Nullable String schema,
      String tablePrefix) {
    this.url = url;
    this.user = user;
    this.password = password;
    this.poolSize = poolSize;
    this.connectionTimeout = connectionTimeout;
    this.schema = schema;
    this.tablePrefix = tablePrefix;
  }

  /**
   * Settings for the database at {@code url}, with the default pool size, no schema and the default
   * table prefix.
   *
   * @param url a JDBC URL such as {@code jdbc:postgresql://db.hospital.internal/switchboard}
   * @throws IllegalArgumentException if {@code url} is blank or not a JDBC URL
   */
  public static JdbcSettings of(String url) {
    Checks.notBlank(url, "jdbc.url");
    Checks.check(url.startsWith("jdbc:"), "jdbc.url", "must be a JDBC URL (jdbc:postgresql://...)");
    return new JdbcSettings(
        url, null, null, DEFAULT_POOL_SIZE, DEFAULT_CONNECTION_TIMEOUT, null, DEFAULT_TABLE_PREFIX);
  }

  /** These settings with the database user; null takes it from the URL. */
  public JdbcSettings withUser(@Nullable String user) {
    return new JdbcSettings(url, user, password, poolSize, connectionTimeout, schema, tablePrefix);
  }

  /** These settings with the password; null for none. */
  public JdbcSettings withPassword(@Nullable Secret password) {
    return new JdbcSettings(url, user, password, poolSize, connectionTimeout, schema, tablePrefix);
  }

  /**
   * These settings with the password read from an environment variable now.
   *
   * @throws IllegalArgumentException if the variable is not set
   */
  public JdbcSettings withPasswordFromEnv(String variable) {
    Checks.notBlank(variable, "jdbc.password-env");
    String value = System.getenv(variable);
    Checks.check(
        value != null, "jdbc.password-env", "names environment variable " + variable + ", not set");
    return withPassword(Secret.of(value));
  }

  /**
   * These settings with the password read from a file now (a mounted secret); one trailing line
   * break is dropped.
   *
   * @throws IllegalArgumentException if the file cannot be read
   */
  public JdbcSettings withPasswordFromFile(Path file) {
    Checks.notNull(file, "jdbc.password-file");
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8);
      if (text.endsWith("\n")) text = text.substring(0, text.length() - 1);
      if (text.endsWith("\r")) text = text.substring(0, text.length() - 1);
      return withPassword(Secret.of(text));
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "jdbc.password-file: cannot read " + file + " (" + e.getClass().getSimpleName() + ")", e);
    }
  }

  /**
   * These settings with at most {@code size} connections per process.
   *
   * @throws IllegalArgumentException if {@code size} is not between 1 and 1000
   */
  public JdbcSettings withPoolSize(int size) {
    Checks.check(size >= 1 && size <= 1000, "jdbc.pool-size", "must be between 1 and 1000");
    return new JdbcSettings(url, user, password, size, connectionTimeout, schema, tablePrefix);
  }

  /**
   * These settings with the longest wait for a free connection; a call that waits longer fails (an
   * audit write refuses the call; a ledger write is spooled).
   *
   * @throws IllegalArgumentException if {@code timeout} is under 250 ms
   */
  public JdbcSettings withConnectionTimeout(Duration timeout) {
    Checks.notNull(timeout, "jdbc.connection-timeout");
    Checks.check(timeout.toMillis() >= 250, "jdbc.connection-timeout", "must be at least 250 ms");
    return new JdbcSettings(url, user, password, poolSize, timeout, schema, tablePrefix);
  }

  /**
   * These settings with the tables in {@code schema} (created if absent); null for the user's
   * default schema.
   *
   * @throws IllegalArgumentException if {@code schema} is not an SQL identifier
   */
  public JdbcSettings withSchema(@Nullable String schema) {
    Checks.check(
        schema == null || IDENTIFIER.matcher(schema).matches(),
        "jdbc.schema",
        "must be an SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 41 characters)");
    return new JdbcSettings(url, user, password, poolSize, connectionTimeout, schema, tablePrefix);
  }

  /**
   * These settings with every table name starting with {@code prefix} ({@code switchboard_} by
   * default; empty for none).
   *
   * @throws IllegalArgumentException if {@code prefix} is not the start of an SQL identifier
   */
  public JdbcSettings withTablePrefix(String prefix) {
    Checks.check(
        prefix != null && PREFIX.matcher(prefix).matches(),
        "jdbc.table-prefix",
        "must be empty or start an SQL identifier ([A-Za-z_][A-Za-z0-9_]*, at most 21 characters)");
    return new JdbcSettings(url, user, password, poolSize, connectionTimeout, schema, prefix);
  }

  /**
   * The config document's {@code jdbc:} block, for the readers of the sections that use it (the
   * ledger, the audit trail, quotas). Read once per document, so its problems are listed once.
   *
   * @param root the document root a {@link dev.switchboard.spi.FeatureConfigReader} is given
   * @param baseDir what a relative {@code password-file} resolves against; null: the working
   *     directory
   * @return the settings; empty when the document has no block or the block has problems
   */
  public static Optional<JdbcSettings> fromConfig(
      dev.switchboard.spi.ProviderSettings root, @Nullable Path baseDir) {
    return dev.switchboard.jdbc.internal.JdbcConfig.read(root, baseDir);
  }

  /** The JDBC URL (may hold credentials in its query string: never log it whole). */
  public String url() {
    return url;
  }

  /** The database user, if set apart from the URL. */
  public Optional<String> user() {
    return Optional.ofNullable(user);
  }

  /** The password, if any. */
  public Optional<Secret> password() {
    return Optional.ofNullable(password);
  }

  /** The most connections one process opens. */
  public int poolSize() {
    return poolSize;
  }

  /** The longest wait for a free connection. */
  public Duration connectionTimeout() {
    return connectionTimeout;
  }

  /** The schema of the tables, if not the user's default. */
  public Optional<String> schema() {
    return Optional.ofNullable(schema);
  }

  /** The start of every table name. */
  public String tablePrefix() {
    return tablePrefix;
  }

  /** The URL without its query string, which may hold a password. */
  public String safeUrl() {
    int q = url.indexOf('?');
    return q < 0 ? url : url.substring(0, q);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof JdbcSettings s
        && url.equals(s.url)
        && Objects.equals(user, s.user)
        && Objects.equals(password, s.password)
        && poolSize == s.poolSize
        && connectionTimeout.equals(s.connectionTimeout)
        && Objects.equals(schema, s.schema)
        && tablePrefix.equals(s.tablePrefix);
  }

  @Override
  public int hashCode() {
    return Objects.hash(url, user, poolSize, schema, tablePrefix);
  }

  /** URL without query string, user, pool size, schema and prefix; never the password. */
  @Override
  public String toString() {
    return "JdbcSettings["
        + safeUrl()
        + (user == null ? "" : ", user " + user)
        + ", pool "
        + poolSize
        + (schema == null ? "" : ", schema " + schema)
        + ", prefix '"
        + tablePrefix
        + "']";
  }
}
