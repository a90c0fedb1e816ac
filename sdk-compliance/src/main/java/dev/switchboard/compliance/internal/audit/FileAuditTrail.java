package dev.switchboard.compliance.internal.audit;

import static dev.switchboard.compliance.internal.audit.QueuedRecord.DONE;
import static dev.switchboard.compliance.internal.audit.QueuedRecord.LEAD;
import static dev.switchboard.compliance.internal.audit.QueuedRecord.QUEUED;
import static dev.switchboard.compliance.internal.audit.QueuedRecord.WRITTEN;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit trail as a JSON-lines file, appended with group commit.
 *
 * <p>A caller stamps and canonicalizes its record on its own thread, then queues it. Whoever finds
 * no append under way becomes the leader: it takes every record waiting (just its own under {@link
 * Sync#EVERY_RECORD}), links them to the chain in order, writes them with one {@code write} and,
 * unless the mode is {@link Sync#OS} (or, under {@link Sync#DECISIONS} and {@link
 * Sync#OVERLAP_DECISIONS}, the batch holds only outcome records), one {@code fsync}, then releases
 * their callers and frees the lead for whichever thread runs first: a caller arriving, or the
 * caller of the oldest record waiting, woken to take it. So a caller returns only once its record
 * is as durable as the mode promises, and threads no longer wait behind each other's fsyncs one by
 * one.
 *
 * <p>Several processes can share the file. A leader takes the OS file lock before it writes and
 * re-reads the chain head when the file grew since this trail last wrote. It keeps the lock as a
 * short lease ({@link FileLease}) across the batches that follow, so a busy trail does not lock,
 * check the size and unlock around every batch (a trail whose calls come apart, which a lease would
 * not serve twice, locks and unlocks around each batch instead). The trail's own thread ({@link
 * SyncThread}) lets an idle trail's lease go; it looks only as often as a lease lasts, so another
 * process waits at most about two leases plus one batch; trails in one JVM on the same file take
 * turns for it. A failed write or fsync cuts the file back to where the batch began and fails
 * exactly that batch's callers.
 */
public final class FileAuditTrail implements AuditTrail, EventIdAppender {
  private static final Logger log = LoggerFactory.getLogger(FileAuditTrail.class);

  /** Opens the file's channel; a seam for tests that inject a failing disk. */
  @FunctionalInterface
  interface Opener {
    FileChannel open(Path path) throws IOException;
  }

  private static final Opener DEFAULT_OPENER =
      p ->
          FileChannel.open(
              p, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);

  private final Path path;
  private final Sync sync;
  private final Clock clock;
  // the leader's side (links, writes, forces); used by one leader at a time, handed over under
  // queueLock
  private final BatchWriter writer;
  private final FileLease lease;
  // forces handed-over batches, leads for callers that went on, lets an idle lease go
  private final SyncThread syncThread;

  // Guards the queue, the leader flag and closed; never held during I/O.
  private final Object queueLock = new Object();
  private final ArrayDeque<QueuedRecord> queue = new ArrayDeque<>();
  private boolean leading;
  private boolean closed;

  /** Opens (or creates) the file, forcing each record as {@code sync} says. */
  public FileAuditTrail(Path path, Sync sync, Clock clock) {
    this(path, sync, clock, DEFAULT_OPENER);
  }

  /**
   * Opens (or creates) the file, keeping {@code preallocate} bytes of zeros written ahead of its
   * records (0: none), so that a forced batch rewrites blocks instead of growing the file.
   */
  public FileAuditTrail(Path path, Sync sync, Clock clock, long preallocate) {
    this(path, sync, clock, DEFAULT_OPENER, FileLease.DEFAULT_NANOS, preallocate);
  }

  /**
   * Opens (or creates) the file; {@code sync=true} is {@link Sync#GROUP}, false {@link Sync#OS}.
   */
  public FileAuditTrail(Path path, boolean sync, Clock clock) {
    this(path, sync ? Sync.GROUP : Sync.OS, clock, DEFAULT_OPENER);
  }

  FileAuditTrail(Path path, Sync sync, Clock clock, Opener opener) {
    this(path, sync, clock, opener, FileLease.DEFAULT_NANOS);
  }

  /** With a lease of another length: tests hold it for good, or not at all. */
  FileAuditTrail(Path path, Sync sync, Clock clock, Opener opener, long leaseNanos) {
    this(path, sync, clock, opener, leaseNanos, 0);
  }

  FileAuditTrail(
      Path path, Sync sync, Clock clock, Opener opener, long leaseNanos, long preallocate) {
    if (preallocate < 0)
      throw new IllegalArgumentException("preallocate must be 0 or more bytes, not " + preallocate);
    this.path = path;
    this.sync = sync;
    this.clock = clock;
    this.writer =
        new BatchWriter(path, sync, clock, opener, leaseNanos, preallocate, this::leaseTaken);
    this.lease = writer.lease();
    this.syncThread = new SyncThread(new TrailWork(), lease);
    if (writer.repairAlertDue()) {
      try {
        writeBatch(List.of()); // just the alert record about the repair
      } catch (AuditTrailException e) {
        syncThread.stop();
        writer.abandon();
        throw e;
      }
    }
  }

  /** The durability mode. */
  public Sync sync() {
    return sync;
  }

  @Override
  public AuditEntry append(AuditEvent event) {
    return entryOf(append(event, false));
  }

  @Override
  public AuditEntry appendDeferred(AuditEvent event) {
    return entryOf(append(event, defersOutcomes(sync)));
  }

  @Override
  public String appendForEventId(AuditEvent event, boolean outcome) {
    PreparedRecord written = append(event, outcome && defersOutcomes(sync));
    written.release();
    return written.eventId();
  }

  /** Whether outcome records ride on the next fsync instead of waiting for their own. */
  static boolean defersOutcomes(Sync sync) {
    return sync == Sync.DECISIONS || sync == Sync.OVERLAP_DECISIONS;
  }

  private static AuditEntry entryOf(PreparedRecord written) {
    try {
      return written.entry();
    } finally {
      written.release();
    }
  }

  /**
   * Under {@link Sync#OVERLAP} and {@link Sync#OVERLAP_DECISIONS} queues the record and returns
   * once it is written, before its fsync completes. When nobody leads, the caller writes its batch
   * itself and hands only the fsync to the trail's sync thread, so a lone caller goes on to the
   * vendor without waiting for another thread to wake; when someone leads, that leader (or the sync
   * thread) writes and forces it. Under every other mode appends it as {@link #append} does.
   */
  @Override
  public PendingRecord appendDecision(AuditEvent event) {
    if (sync != Sync.OVERLAP && sync != Sync.OVERLAP_DECISIONS)
      return PendingRecord.durable(appendForEventId(event, false));
    QueuedRecord me =
        new QueuedRecord(PreparedRecord.of(event, clock), Thread.currentThread(), false, true);
    boolean lead;
    synchronized (queueLock) {
      if (closed) {
        me.record.release();
        throw new AuditTrailException("the audit trail is closed", null);
      }
      queue.addLast(me);
      lead = !leading;
      if (lead) leading = true;
    }
    // the record must be written (to the OS) before the vendor is called, so that a crash of the
    // process never leaves a disclosure without its decision record; only its fsync overlaps.
    // As in append, an interrupt is held while this thread does file I/O.
    boolean interrupted = Thread.interrupted();
    if (lead) {
      try {
        writeAndHandOverForce();
      } finally {
        if (interrupted) Thread.currentThread().interrupt();
      }
    } else {
      interrupted |= awaitTurn(me); // an overlapped record is never promoted: it ends WRITTEN/DONE
      if (interrupted) Thread.currentThread().interrupt();
    }
    me.record.release(); // written to the OS (or failed): its bytes are not read again
    if (me.state == DONE) me.throwIfFailed();
    return me;
  }

  /**
   * Leads the write of one batch (the caller's own overlapped record first among it) and hands its
   * fsync, and the lead with it, to the sync thread; returns without waiting for either.
   */
  private void writeAndHandOverForce() {
    List<QueuedRecord> batch = drain();
    BatchWriter.Written written;
    try {
      written = writer.write(batch);
    } catch (IOException | RuntimeException | Error e) {
      Error fatal = e instanceof Error err ? err : null;
      finish(batch, failure(e), fatal);
      return;
    }
    releaseWritten(batch);
    syncThread.force(new SyncThread.ForceJob(written, batch));
  }

  /**
   * Appends the record as the mode says; the caller releases the returned record once it has read
   * what it needs of it.
   */
  private PreparedRecord append(AuditEvent event, boolean deferred) {
    QueuedRecord me =
        new QueuedRecord(PreparedRecord.of(event, clock), Thread.currentThread(), deferred, false);
    boolean lead;
    synchronized (queueLock) {
      if (closed) {
        me.record.release();
        throw new AuditTrailException("the audit trail is closed", null);
      }
      queue.addLast(me);
      lead = !leading;
      if (lead) leading = true;
    }
    // A file channel closes itself when a thread blocked in its I/O is interrupted, which would
    // end the trail for every caller: the interrupt (an async call's cancel) is held until the
    // record is written, then restored.
    boolean interrupted = Thread.interrupted();
    try {
      if (lead) lead();
      // A leader's batch need not hold its own record: under every-record it writes the oldest
      // one, which may be another's when it took a lead that was free with records waiting.
      while (me.state != DONE) {
        interrupted |= awaitTurn(me);
        if (me.state == LEAD) lead();
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
    if (me.failure != null) me.record.release();
    me.throwIfFailed();
    return me.record;
  }

  /**
   * Parks until the record is written (DONE) or this thread must lead (LEAD): woken as the oldest
   * record waiting once a batch is done, it takes the lead if nobody took it meanwhile.
   *
   * @return whether the thread was interrupted meanwhile (the record is queued: it is seen through)
   */
  private boolean awaitTurn(QueuedRecord me) {
    boolean interrupted = false;
    while (me.state == QUEUED) {
      LockSupport.park(me);
      if (Thread.interrupted()) interrupted = true;
      if (me.nudged) takeFreeLead(me);
    }
    return interrupted;
  }

  /**
   * Leads, if the lead is still free and the record still waits at the head of the queue. Else a
   * caller that arrived meanwhile leads, and its batch holds the record (or will): its leader marks
   * it DONE and wakes this thread.
   */
  private void takeFreeLead(QueuedRecord me) {
    synchronized (queueLock) {
      me.nudged = false;
      if (me.state == QUEUED && !leading && queue.peekFirst() == me) {
        leading = true;
        me.state = LEAD;
      }
    }
  }

  /**
   * Lets the lease of a trail that went idle go, taking the lead for it as a writer would.
   *
   * @return false when a leader is at work: it lets the lease go itself once its batch is done
   */
  private boolean expireLease() {
    synchronized (queueLock) {
      if (closed) return true; // close lets it go
      if (leading) return false;
      leading = true;
    }
    lease.releaseIfOver();
    if (finish(List.of(), null, null)) lead();
    return true;
  }

  /** Forces a batch a caller wrote and handed over, then goes on leading if it must. */
  private void completeHandedOverForce(SyncThread.ForceJob job) {
    AuditTrailException failure = null;
    try {
      writer.forceAndCommit(job.written(), job.batch());
    } catch (IOException | RuntimeException | Error e) {
      failure = failure(e);
      if (e instanceof Error) {
        log.error("the audit trail's sync thread failed: {}", e.getClass().getSimpleName());
      }
    }
    if (finish(job.batch(), failure, null)) lead();
  }

  /**
   * Writes one batch (the leader's own record included, unless this is the sync thread), hands the
   * lead on, then releases the batch's callers. When the next record is overlapped (its caller
   * cannot lead), the sync thread goes on leading; a caller passes the lead to the sync thread.
   */
  private void lead() {
    boolean again = true;
    while (again) {
      List<QueuedRecord> batch = drain();
      AuditTrailException failure = null;
      Error fatal = null;
      try {
        writeBatch(batch);
      } catch (AuditTrailException e) {
        failure = e;
      } catch (RuntimeException e) {
        failure = failure(e);
      } catch (Error e) {
        // release the batch and hand the lead on before the error travels up, or they wait forever
        failure = failure(e);
        fatal = e;
      }
      again = finish(batch, failure, fatal);
    }
  }

  /** Takes the records to write next: every one waiting, or just the oldest under every-record. */
  private List<QueuedRecord> drain() {
    synchronized (queueLock) {
      // a lone record (every call at one thread) needs no ArrayList and no copied array
      if (sync == Sync.EVERY_RECORD || queue.size() == 1) return List.of(queue.pollFirst());
      List<QueuedRecord> batch = new ArrayList<>(queue);
      queue.clear();
      return batch;
    }
  }

  private AuditTrailException failure(Throwable e) {
    if (e instanceof AuditTrailException a) return a;
    if (e instanceof IOException) return ioFailure(e);
    return new AuditTrailException("the audit records cannot be written to " + path, e);
  }

  private AuditTrailException ioFailure(Throwable e) {
    return new AuditTrailException(
        "the audit record cannot be written to " + path + " (" + e.getClass().getSimpleName() + ")",
        e);
  }

  /**
   * Hands the lead on, then releases the batch's callers with {@code failure} (null: written).
   *
   * @return whether this thread (the sync thread) must lead the next batch itself
   * @throws Error {@code fatal}, on a caller's thread, once the batch is released
   */
  private boolean finish(
      List<QueuedRecord> batch, @Nullable AuditTrailException failure, @Nullable Error fatal) {
    Thread self = Thread.currentThread();
    // Free the lead first, so the next batch's write and fsync start while this one's callers are
    // being woken (waking up to 63 threads one by one takes longer than a write).
    QueuedRecord next;
    boolean again = false;
    boolean delegate = false;
    synchronized (queueLock) {
      next = queue.peekFirst();
      if (next == null) {
        leading = false;
        queueLock.notifyAll(); // a close() waiting for the last batch
      } else if (next.overlapped) {
        // Its caller is away. The sync thread leads it; a caller whose own record is done
        // must not pay another batch's fsync, so it passes the lead to the sync thread.
        if (syncThread.isCurrent()) again = true;
        else delegate = true;
      } else {
        // The lead goes to whichever thread runs first: a caller that arrives now, or the oldest
        // waiter, woken to take it. Handed to that waiter outright, every batch waited for one
        // parked thread to be scheduled again; with more callers than cores that took longer than
        // the writes (at 16 threads under sync: os, half of each call's time was spent there).
        leading = false;
        next.nudged = true;
      }
    }
    if (next != null && !next.overlapped) LockSupport.unpark(next.thread);
    for (QueuedRecord w : batch) {
      w.failure = failure;
      w.state = DONE;
      Thread waiting = w.thread;
      if (waiting != self) LockSupport.unpark(waiting);
    }
    if (delegate) syncThread.lead();
    if (fatal != null && !syncThread.isCurrent()) throw fatal;
    return again;
  }

  /** Writes, forces (as the mode says) and commits one batch on this thread. */
  private void writeBatch(List<QueuedRecord> batch) {
    try {
      BatchWriter.Written written = writer.write(batch);
      releaseWritten(batch);
      writer.forceAndCommit(written, batch);
    } catch (IOException e) {
      throw ioFailure(e);
    }
  }

  /** A batch took the file lock anew: the sync thread must let it go should the trail fall idle. */
  private void leaseTaken() {
    syncThread.leaseTaken();
  }

  /** What the sync thread does, on this trail's queue and writer. */
  private final class TrailWork implements SyncThread.Work {
    @Override
    public void lead() {
      FileAuditTrail.this.lead();
    }

    @Override
    public void completeForce(SyncThread.ForceJob job) {
      completeHandedOverForce(job);
    }

    @Override
    public boolean expireLease() {
      return FileAuditTrail.this.expireLease();
    }
  }

  /** Lets the callers of overlapped records go on (to the vendor) while their fsync runs. */
  private static void releaseWritten(List<QueuedRecord> batch) {
    for (QueuedRecord w : batch) {
      if (w.overlapped) {
        w.state = WRITTEN;
        LockSupport.unpark(w.thread);
      }
    }
  }

  /** Records queued behind the current leader (for tests). */
  int queued() {
    synchronized (queueLock) {
      return queue.size();
    }
  }

  /**
   * What batching achieved so far: batches written, records in them, fsyncs, the largest batch.
   * Read after the appends it should count have returned.
   */
  long[] stats() {
    synchronized (queueLock) {
      return writer.stats();
    }
  }

  @Override
  public List<AuditEntry> entries() {
    return TrailFile.entries(path);
  }

  @Override
  public ChainVerification verify(Checkpoint checkpoint) {
    return verifyFile(path, checkpoint);
  }

  /**
   * Walks a JSON-lines audit file.
   *
   * @throws AuditTrailException if the file cannot be read
   */
  public static ChainVerification verifyFile(Path path, Checkpoint checkpoint) {
    return TrailFile.verify(path, checkpoint);
  }

  /** Waits for queued records to be written, then closes the file. */
  @Override
  public void close() {
    synchronized (queueLock) {
      if (closed) return;
      closed = true;
      boolean interrupted = false;
      while (leading || !queue.isEmpty()) {
        try {
          queueLock.wait(); // the last leader clears the flag; nothing new can queue
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) Thread.currentThread().interrupt();
      syncThread.stop();
    }
    if (log.isDebugEnabled()) {
      long[] st = stats();
      log.debug(
          "audit trail {}: {} records in {} batches (largest {}), {} fsyncs",
          path,
          st[1],
          st[0],
          st[3],
          st[2]);
    }
    // nobody leads any more, and the sync thread leaves a closed trail's lease: the writer lets
    // it go, forces the outcome records written since the last fsync, and closes the file
    writer.close();
  }

  @Override
  public String toString() {
    return "FileAuditTrail[" + path + "]";
  }
}
