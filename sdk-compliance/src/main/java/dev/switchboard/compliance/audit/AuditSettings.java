package dev.switchboard.compliance.audit;

import dev.switchboard.auth.Secret;
import dev.switchboard.compliance.internal.audit.FileAuditTrail;
import dev.switchboard.compliance.internal.audit.JdbcAuditTrail;
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
 * @param table the table name (type jdbc)
 * @since 0.1
 */
public record AuditSettings(
    String type,
    @Nullable Path path,
    AuditTrail.Sync sync,
    @Nullable String url,
    @Nullable String user,
    @Nullable Secret password,
    String table) {
  public AuditSettings {
    Checks.check(
        "file".equals(type) || "jdbc".equals(type), "AuditSettings.type", "must be file or jdbc");
    Checks.check(
        !"file".equals(type) || path != null, "AuditSettings.path", "is required for a file trail");
    Checks.check(
        !"jdbc".equals(type) || url != null, "AuditSettings.url", "is required for a jdbc trail");
    Checks.notNull(sync, "AuditSettings.sync");
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
    return "file".equals(type)
        ? new FileAuditTrail(path, sync, clock)
        : new JdbcAuditTrail(JdbcAuditTrail.driverManager(url, user, password), table, clock);
  }

  @Override
  public String toString() {
    return "AuditSettings[" + type + ", " + ("file".equals(type) ? path : table) + "]";
  }
}
