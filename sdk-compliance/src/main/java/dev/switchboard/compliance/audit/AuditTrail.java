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
   * When the file trail forces its records to disk, and so what survives a power cut. Under every
   * mode a record is chained and written before {@code append} returns; the modes differ in what a
   * crash of the machine (not just of the process) can take away.
   */
  enum Sync {
    /**
     * One {@code fsync} per record, records written one after another: a record is on disk before
     * {@code append} returns. Survives a power cut; the slowest (every caller waits for every
     * earlier caller's fsync).
     */
    EVERY_RECORD,
    /**
     * Group commit, the default: the records that arrive while a write is under way are written
     * together with one {@code write} and one {@code fsync}; each caller returns once the fsync
     * covering its record completed. The same promise as {@link #EVERY_RECORD} (a returned record
     * survives a power cut) at about one fsync per batch instead of per record.
     */
    GROUP,
    /**
     * Group commit for decision records, which are forced before the vendor is called (so a
     * disclosure never happens unrecorded); outcome records are written before the answer is
     * returned but not waited on: the next fsync (the next decision record, another thread's batch)
     * or {@code close} forces them. Survives a process crash like every mode; after a power cut
     * every decision record is kept, and the outcome records written since the last fsync (calls
     * that had already returned) may be lost or torn. Saves one fsync per call.
     */
    DECISIONS,
    /**
     * Group commit as {@link #GROUP}, with the decision record's fsync overlapping the vendor call:
     * the pipeline writes the decision record before the vendor is called, lets the fsync run while
     * the request is on the wire, and releases the answer (its first event, for a stream) only once
     * that fsync succeeded; the outcome record is forced before the call returns. After a power cut
     * every call whose answer reached the application has both records; a call that was in flight
     * at the cut may have reached the vendor while its decision record was still being forced (its
     * answer was never released). Takes one fsync off each call's critical path. A direct {@link
     * AuditTrail#append} waits for its fsync as under {@link #GROUP}.
     */
    OVERLAP,
    /**
     * {@link #DECISIONS} with the decision record's fsync overlapping the vendor call as under
     * {@link #OVERLAP}: the decision record is written before the vendor is called and forced while
     * the request is on the wire, the answer is released only once that fsync succeeded, and the
     * outcome record is written before the call returns but rides on the next fsync. No fsync of
     * the call's own waits on its critical path unless the vendor answers before the decision's
     * fsync completes. After a power cut every call whose answer reached the application has its
     * decision record; the outcome records written since the last fsync may be lost or torn, and a
     * call in flight at the cut may have reached the vendor while its decision record was still
     * being forced (its answer was never released).
     *
     * @since 0.4
     */
    OVERLAP_DECISIONS,
    /**
     * Written to the operating system, never forced: survives a crash of the process, but a power
     * cut or kernel crash can lose the last records (those the OS had not yet flushed, typically up
     * to 30 s of them) or tear the last line, which {@code audit verify} reports as TRUNCATED.
     */
    OS;

    /**
     * The mode a config value names: {@code every-record}, {@code group}, {@code decisions}, {@code
     * overlap}, {@code overlap-decisions} or {@code os}, or the older booleans ({@code true} is
     * {@code group}, {@code false} is {@code os}).
     *
     * @return the mode, or null if the value names none
     */
    public static @Nullable Sync parse(@Nullable Object value) {
      if (value instanceof Boolean b) return b ? GROUP : OS;
      if (!(value instanceof String s)) return null;
      return switch (s) {
        case "every-record" -> EVERY_RECORD;
        case "group", "true" -> GROUP;
        case "decisions" -> DECISIONS;
        case "overlap" -> OVERLAP;
        case "overlap-decisions" -> OVERLAP_DECISIONS;
        case "os", "false" -> OS;
        default -> null;
      };
    }
  }

  /**
   * Appends one event as the next record of the chain.
   *
   * @return the stored record with its seq, event id and hash
   * @throws AuditTrailException if the record cannot be written durably
   */
  AuditEntry append(AuditEvent event);

  /**
   * Appends an outcome record: one whose durability may trail the call it ends. The file trail in
   * {@link Sync#DECISIONS} or {@link Sync#OVERLAP_DECISIONS} mode writes it before returning and
   * forces it with its next fsync or at close; every other trail and mode appends it as {@link
   * #append} does.
   *
   * @return the stored record with its seq, event id and hash
   * @throws AuditTrailException if the record cannot be written
   */
  default AuditEntry appendDeferred(AuditEvent event) {
    return append(event);
  }

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
   * A JSON-lines file (one canonical JSON record per line), created if absent, with group commit
   * ({@link Sync#GROUP}): each record is forced to disk before {@code append} returns, concurrent
   * appends sharing one fsync; processes sharing the file take a file lock.
   *
   * <p>A torn last record (a write that a crash or power cut ended half way) is cut back on open,
   * logged, and recorded as an {@code audit.repair} alert record.
   *
   * @throws AuditTrailException if the file cannot be opened, or its last complete record is
   *     malformed
   */
  static AuditTrail file(Path path) {
    return new FileAuditTrail(path, Sync.GROUP, Clock.systemUTC());
  }

  /**
   * A JSON-lines file; {@code sync=true} is {@link Sync#GROUP}, {@code sync=false} is {@link
   * Sync#OS} (faster, does not survive a power cut).
   */
  static AuditTrail file(Path path, boolean sync) {
    return new FileAuditTrail(path, sync, Clock.systemUTC());
  }

  /**
   * A JSON-lines file with the given durability mode.
   *
   * <p>A torn last record (a write that a crash or power cut ended half way) is cut back on open,
   * logged, and recorded as an {@code audit.repair} alert record.
   *
   * @throws AuditTrailException if the file cannot be opened, or its last complete record is
   *     malformed
   */
  static AuditTrail file(Path path, Sync sync) {
    return new FileAuditTrail(path, sync, Clock.systemUTC());
  }

  /**
   * A JSON-lines file with the given durability mode that keeps {@code preallocateBytes} of zero
   * bytes written ahead of its records, so that a forced batch rewrites blocks instead of growing
   * the file (an fsync that commits no file-system journal transaction: about a third cheaper on
   * ext4). While the trail is open the file ends in those zeros, which the SDK's readers and {@code
   * switchboard audit verify} skip but tools that follow a file by its size ({@code tail -f}, log
   * shippers) do not; a clean close cuts them off.
   *
   * @param preallocateBytes 0 for none (as {@link #file(Path, Sync)}); 256 KB is a good chunk
   * @throws IllegalArgumentException if {@code preallocateBytes} is negative
   * @throws AuditTrailException if the file cannot be opened, or its last complete record is
   *     malformed
   * @since 0.4
   */
  static AuditTrail file(Path path, Sync sync, long preallocateBytes) {
    return new FileAuditTrail(path, sync, Clock.systemUTC(), preallocateBytes);
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
