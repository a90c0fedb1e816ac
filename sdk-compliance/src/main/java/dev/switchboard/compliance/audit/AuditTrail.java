package dev.switchboard.compliance.audit;

import dev.switchboard.auth.Secret;
import dev.switchboard.compliance.internal.audit.FileAuditTrail;
import dev.switchboard.compliance.internal.audit.InMemoryAuditTrail;
import dev.switchboard.compliance.internal.audit.JdbcAuditTrail;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.jdbc.SharedDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;

/**
 * An append-only, hash-chained audit trail. Each appended event becomes a record with a sequence
 * number, a UUIDv7 event id and the time, chained by {@code h_i = SHA-256(h_{i-1} ||
 * JCS(record_i))}. Implementations are thread-safe and write each record durably before {@link
 * #append} returns; if they cannot, {@code append} throws and the pipeline refuses the call (fail
 * closed).
 *
 * <pre>{@code
 * try (AuditTrail trail = AuditTrail.file(Path.of("switchboard-audit.jsonl"))) {
 *   ChainVerification v = trail.verify();
 *   System.out.println(v.describe());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public interface AuditTrail extends AutoCloseable {

  /**
   * Appends one event as the next record of the chain.
   *
   * @return the stored record with its seq, event id and hash
   * @throws AuditTrailException if the record cannot be written durably
   */
  AuditEntry append(AuditEvent event);

  /**
   * Every record, in chain order.
   *
   * @throws AuditTrailException if the trail cannot be read
   */
  List<AuditEntry> entries();

  /**
   * Walks the chain and names the first broken link.
   *
   * @param checkpoint a head kept elsewhere, to catch records cut from the end; may be null
   * @throws AuditTrailException if the trail cannot be read
   */
  ChainVerification verify(@Nullable Checkpoint checkpoint);

  /** Walks the chain without a checkpoint. */
  default ChainVerification verify() {
    return verify(null);
  }

  /** Releases files or connections. Idempotent. */
  @Override
  void close();

  /**
   * A JSON-lines file (one canonical JSON record per line), created if absent. Each record is
   * forced to disk before {@code append} returns; processes sharing the file take a file lock.
   *
   * @throws AuditTrailException if the file cannot be opened, or ends in a partial record
   */
  static AuditTrail file(Path path) {
    return new FileAuditTrail(path, true, Clock.systemUTC());
  }

  /**
   * A JSON-lines file; {@code sync=false} skips forcing each record to disk (faster, less durable).
   */
  static AuditTrail file(Path path, boolean sync) {
    return new FileAuditTrail(path, sync, Clock.systemUTC());
  }

  /**
   * A PostgreSQL table (created if absent) in an application's DataSource. Appends are group
   * committed: the records waiting are written in one transaction under a table lock, so the chain
   * stays one linear chain across threads and processes.
   *
   * @param table the table name, such as {@code switchboard_audit}
   */
  static AuditTrail jdbc(DataSource dataSource, String table) {
    return new JdbcAuditTrail(SharedDatabase.of(dataSource), table, Clock.systemUTC());
  }

  /**
   * A PostgreSQL table in the shared database (in its schema); closing the trail closes {@code
   * database} (this use of its pool).
   *
   * @param table the table name, such as {@code switchboard_audit}
   * @since 0.3
   */
  static AuditTrail jdbc(SharedDatabase database, String table) {
    return new JdbcAuditTrail(database, table, Clock.systemUTC());
  }

  /** A PostgreSQL table reached through the process's pool for this URL and user. */
  static AuditTrail jdbc(String url, String user, Secret password, String table) {
    return new JdbcAuditTrail(
        SharedDatabase.open(JdbcSettings.of(url).withUser(user).withPassword(password)),
        table,
        Clock.systemUTC());
  }

  /** A trail in memory, for tests and benchmarks: lost when the process ends. */
  static AuditTrail inMemory() {
    return new InMemoryAuditTrail(Clock.systemUTC());
  }
}
