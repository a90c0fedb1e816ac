package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditTrailException;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * One caller's record in {@link FileAuditTrail}'s queue, and how its append ended.
 *
 * <p>Its state moves from {@link #QUEUED} to {@link #DONE} (written, and forced if the mode asks
 * it, or failed), possibly through {@link #LEAD} (its caller was woken to lead the next batch) or,
 * for an overlapped decision record, {@link #WRITTEN} (in the file, its fsync still running). The
 * trail writes {@link #failure} before the state becomes {@code DONE}; the volatile state orders
 * the two for the caller that reads them after it.
 */
final class QueuedRecord implements PendingRecord {
  static final int QUEUED = 0;
  static final int LEAD = 1;
  static final int DONE = 2;
  // an overlapped record written to the OS, its fsync still running: its caller may go on
  static final int WRITTEN = 3;

  final PreparedRecord record;
  // the thread to wake: the caller, or for an overlapped record whoever awaits it
  volatile Thread thread;
  final boolean deferred;
  // queued by appendDecision: its caller went on and awaits it later, so it never leads
  final boolean overlapped;
  volatile int state = QUEUED;
  // set (under the trail's queue lock) when the lead was freed with this record oldest in the
  // queue; read after a wake-up outside it
  volatile boolean nudged;
  // written before state becomes DONE, read after: the volatile orders them
  @Nullable AuditTrailException failure;

  QueuedRecord(PreparedRecord record, Thread thread, boolean deferred, boolean overlapped) {
    this.record = record;
    this.thread = thread;
    this.deferred = deferred;
    this.overlapped = overlapped;
  }

  void throwIfFailed() {
    AuditTrailException f = failure;
    if (f != null) throw new AuditTrailException(f.getMessage(), f.getCause());
  }

  @Override
  public String eventId() {
    return record.eventId();
  }

  @Override
  public void awaitDurable() {
    thread = Thread.currentThread(); // before reading state: the leader reads it after writing
    boolean interrupted = false;
    while (state != DONE) {
      LockSupport.park(this);
      if (Thread.interrupted()) interrupted = true;
    }
    if (interrupted) Thread.currentThread().interrupt();
    throwIfFailed();
  }
}
