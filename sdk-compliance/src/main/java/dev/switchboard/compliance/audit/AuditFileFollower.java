package dev.switchboard.compliance.audit;

import dev.switchboard.compliance.internal.audit.TrailFollower;
import java.nio.file.Path;
import java.util.List;

/**
 * Follows a JSON-lines audit file as records are appended, read-only, to ship them elsewhere (a
 * SIEM, a log pipeline): {@code switchboard audit tail --follow} is built on it.
 *
 * <p>Use it instead of {@code tail -f} or a log shipper's file input when the trail is opened with
 * {@code preallocate}: such a trail keeps zeros written after its records while it is open, and
 * followers that read up to the file's size would ship them. This one stops where the records end,
 * returns each record only once its line is complete, and never locks or writes the file, so it
 * runs beside the processes appending to it.
 *
 * <p>Each line is returned byte for byte as stored (decoded as UTF-8), hash chain included, so the
 * receiving side can verify the chain. Keep {@link #position()} to resume after a restart. If the
 * trail withdraws a record already returned (it cuts a batch whose write or fsync failed back, or a
 * torn last record on open), {@link #poll()} fails instead of going on with a chain that no longer
 * matches the file. Not thread-safe: one thread polls.
 *
 * <pre>{@code
 * try (AuditFileFollower follower = AuditFileFollower.open(path, savedPosition)) {
 *   while (running) {
 *     List<String> records = follower.poll();
 *     ship(records);
 *     savePosition(follower.position());
 *     if (records.isEmpty()) Thread.sleep(200);
 *   }
 * }
 * }</pre>
 *
 * @since 0.2
 */
public final class AuditFileFollower implements AutoCloseable {
  private final TrailFollower follower;

  private AuditFileFollower(TrailFollower follower) {
    this.follower = follower;
  }

  /**
   * Opens {@code file} to follow from its first record.
   *
   * @throws AuditTrailException if the file does not exist or cannot be read
   */
  public static AuditFileFollower open(Path file) {
    return open(file, 0);
  }

  /**
   * Opens {@code file} to follow from byte {@code position}, a {@link #position()} an earlier
   * follower of the same file reported.
   *
   * @throws AuditTrailException if the file cannot be read, or no record starts at {@code position}
   * @throws IllegalArgumentException if {@code position} is negative
   */
  public static AuditFileFollower open(Path file, long position) {
    return new AuditFileFollower(TrailFollower.open(file, position));
  }

  /**
   * The records appended since the last poll whose lines are complete (up to about a megabyte of
   * them per poll), each without its newline; empty when none is.
   *
   * @throws AuditTrailException if the file cannot be read, was removed or replaced, withdrew a
   *     record already returned, or holds a line too long to be a record
   */
  public List<String> poll() {
    return follower.poll();
  }

  /**
   * As {@link #poll()}, returning {@code maxRecords} records at most: {@link #position()} moves
   * past those only, so the next poll (or a follower resumed there) returns the rest.
   *
   * @throws AuditTrailException as {@link #poll()}
   * @throws IllegalArgumentException if {@code maxRecords} is not positive
   */
  public List<String> poll(int maxRecords) {
    return follower.poll(maxRecords);
  }

  /**
   * Parses one line {@link #poll()} returned into its entry, to map it (to FHIR with {@link
   * FhirAuditExport}, say); the hash is recomputed from the record, as {@code audit verify} does.
   *
   * @throws AuditTrailException if the line is not a well-formed audit record (the message does not
   *     quote it)
   */
  public static AuditEntry entry(String line) {
    return TrailFollower.entry(line);
  }

  /** The byte after the last record returned: where a follower opened later resumes. */
  public long position() {
    return follower.position();
  }

  /** Closes the file. */
  @Override
  public void close() {
    follower.close();
  }
}
