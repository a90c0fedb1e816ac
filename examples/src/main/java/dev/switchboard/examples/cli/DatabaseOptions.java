package dev.switchboard.examples.cli;

import dev.switchboard.jdbc.JdbcSettings;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The database options every command that reads the shared database takes, spelled one way: the URL
 * ({@code --jdbc-url}, in each command's source group), {@code --db-user}, and the password from an
 * environment variable or a file (never an option value, so it stays out of shell history and
 * process lists). The older spellings ({@code cost report --jdbc-user}, {@code audit --user
 * --password-env}) still work and are deprecated.
 */
final class DatabaseOptions {
  /** The password's variable when neither option names one (what {@code cost report} read). */
  static final String DEFAULT_PASSWORD_ENV = "SWITCHBOARD_JDBC_PASSWORD";

  @Option(
      names = {"--db-user", "--jdbc-user", "--user"},
      paramLabel = "USER",
      description =
          "Database user (or give it in the URL). --jdbc-user and --user are deprecated spellings.")
  String user;

  @Option(
      names = {"--db-password-env", "--password-env"},
      paramLabel = "VAR",
      description =
          "Environment variable holding the database password (default: $"
              + DEFAULT_PASSWORD_ENV
              + " if set). --password-env is a deprecated spelling.")
  String passwordEnv;

  @Option(
      names = "--db-schema",
      paramLabel = "NAME",
      description = "Schema of the tables, as the config's jdbc.schema (default: the user's).")
  String schema;

  @Option(
      names = "--db-password-file",
      paramLabel = "FILE",
      description = "File holding the database password (a mounted secret).")
  Path passwordFile;

  /**
   * The settings for {@code url} with these options.
   *
   * @throws IllegalArgumentException if both password options are given, or the one given cannot be
   *     read
   */
  JdbcSettings settings(String url) {
    if (passwordEnv != null && passwordFile != null)
      throw new IllegalArgumentException("give --db-password-env or --db-password-file, not both");
    JdbcSettings s = JdbcSettings.of(url).withUser(user).withSchema(schema);
    if (passwordFile != null) return s.withPasswordFromFile(passwordFile);
    if (passwordEnv != null) return s.withPasswordFromEnv(passwordEnv);
    String fallback = System.getenv(DEFAULT_PASSWORD_ENV);
    return fallback == null ? s : s.withPasswordFromEnv(DEFAULT_PASSWORD_ENV);
  }
}
