package dev.switchboard.compliance.audit;

import dev.switchboard.auth.Secret;
import dev.switchboard.compliance.internal.audit.FileAuditTrail;
import dev.switchboard.compliance.internal.audit.JdbcAuditTrail;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import dev.switchboard.spi.Checks;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * Where the audit trail lives, from the config's {@code audit:} section: {@code { type: file, path:
 * ./switchboard-audit.jsonl, sync: group }} or {@code { type: jdbc, url: jdbc:postgresql://...,
 * user: ..., password: ${...}, table: switchboard_audit }}.
 *
 * @param type {@code file} or {@code jdbc}
 * @param path the file (type file), or null
 * @param sync when the file trail forces records to disk (type file; ignored for jdbc)
 * @param url the JDBC URL (type jdbc), or null
 * @param user the database user, or null
 * @param password the database password, or null
 * @param table the table name (type jdbc), unqualified: the database's schema applies
 * @param database the shared database (type jdbc): pool size, schema; null: a pool for {@code url},
 *     {@code user} and {@code password}
 * @param preallocate bytes of zeros the file trail keeps written ahead of its records (0: none;
 *     {@link AuditTrail#file(Path, AuditTrail.Sync, long)} says what it buys and costs)
 * @since 0.1
 */
public record AuditSettings(
    String type,
    @Nullable Path path,
    AuditTrail.Sync sync,
    @Nullable String url,
    @Nullable String user,
    @Nullable Secret password,
    String table,
    @Nullable JdbcSettings database,
    long preallocate) {

  /** Settings without preallocation. */
  public AuditSettings(
      String type,
      @Nullable Path path,
      AuditTrail.Sync sync,
      @Nullable String url,
      @Nullable String user,
      @Nullable Secret password,
      String table,
      @Nullable JdbcSettings database) {
    this(type, path, sync, url, user, password, table, database, 0);
  }

  /**
   * A file trail.
   *
   * @param preallocate bytes of zeros kept written ahead of the records; 0 for none
   * @since 0.4
   */
  public static AuditSettings file(Path path, AuditTrail.Sync sync, long preallocate) {
    return new AuditSettings("file", path, sync, null, null, null, null, null, preallocate);
  }

  /** Settings without a shared database block (a jdbc trail gets a pool of its own URL). */
  public AuditSettings(
      String type,
      @Nullable Path path,
      AuditTrail.Sync sync,
      @Nullable String url,
      @Nullable String user,
      @Nullable Secret password,
      String table) {
    this(type, path, sync, url, user, password, table, null, 0);
  }

  /**
   * A jdbc trail in the shared database of the config's {@code jdbc:} block.
   *
   * @param table the table name, unqualified
   * @since 0.3
   */
  public static AuditSettings jdbc(JdbcSettings database, String table) {
    Checks.notNull(database, "AuditSettings.database");
    return new AuditSettings(
        "jdbc",
        null,
        AuditTrail.Sync.GROUP,
        database.url(),
        database.user().orElse(null),
        database.password().orElse(null),
        table,
        database,
        0);
  }

  public AuditSettings {
    Checks.check(
        "file".equals(type) || "jdbc".equals(type), "AuditSettings.type", "must be file or jdbc");
    Checks.check(
        !"file".equals(type) || path != null, "AuditSettings.path", "is required for a file trail");
    Checks.check(
        !"jdbc".equals(type) || url != null, "AuditSettings.url", "is required for a jdbc trail");
    Checks.notNull(sync, "AuditSettings.sync");
    Checks.check(preallocate >= 0, "AuditSettings.preallocate", "must be 0 or more bytes");
  }

  /**
   * Opens the trail, time-stamping records with the system clock.
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it cannot be opened
   */
  public AuditTrail open() {
    return open(java.time.Clock.systemUTC());
  }

  /**
   * Opens the trail, time-stamping records with the given clock (a client's one clock).
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it cannot be opened
   */
  public AuditTrail open(java.time.Clock clock) {
    Checks.notNull(clock, "clock");
    if ("file".equals(type)) return new FileAuditTrail(path, sync, clock, preallocate);
    JdbcSettings db =
        database != null ? database : JdbcSettings.of(url).withUser(user).withPassword(password);
    SharedDatabase shared = SharedDatabase.open(db);
    try {
      return new JdbcAuditTrail(shared, table, clock);
    } catch (RuntimeException e) {
      shared.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "AuditSettings[" + type + ", " + ("file".equals(type) ? path : table) + "]";
  }
}
