package dev.switchboard.compliance.internal.audit;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file trail's own thread, for the work no caller is there to do.
 *
 * <ul>
 *   <li>It forces a batch whose callers went on to the vendor ({@code sync: overlap}): the caller
 *       that wrote it handed the fsync over, and the lead with it.
 *   <li>It leads the queue when the next record's caller is away (an overlapped record).
 *   <li>It lets the file lease of a trail that fell idle go, so another process gets the file.
 * </ul>
 *
 * <p>Started on first use, parked between jobs, stopped by the trail's close. It watches a lease
 * only as often as a lease lasts, so a busy trail takes its next lease without waking it; only a
 * lease taken while it sleeps with no end wakes it, because a wake-up costs about as much as the
 * lock the lease saves.
 */
final class SyncThread {
  private static final Logger log = LoggerFactory.getLogger(SyncThread.class);

  /** The name the thread runs under (thread dumps, and the tests that look for it). */
  static final String NAME = "switchboard-audit-sync";

  // When the thread finds a leader at work as the lease ends, it looks again this much later (the
  // leader itself lets the lease go once its batch is done).
  private static final long LEASE_RECHECK_NANOS = 200_000;

  /** What the thread does for its trail; each runs on this thread, one at a time. */
  interface Work {
    /** Leads the queue until it is empty or the lead passes to a caller. */
    void lead();

    /** Forces a batch a caller wrote and handed over, then leads on if it must. */
    void completeForce(ForceJob job);

    /**
     * Lets an idle trail's lease go.
     *
     * @return false when a leader is at work: it lets the lease go itself once its batch is done
     */
    boolean expireLease();
  }

  /** A written batch whose fsync a caller handed to this thread. */
  record ForceJob(BatchWriter.Written written, List<QueuedRecord> batch) {}

  private final Work work;
  private final FileLease lease;

  private final Object startLock = new Object();
  // null until first needed; written once under startLock, read by callers asking "is it me?"
  private volatile @Nullable Thread thread;
  private final AtomicBoolean leadWanted = new AtomicBoolean();
  private final AtomicReference<@Nullable ForceJob> pendingForce = new AtomicReference<>();
  private volatile boolean stop;
  // Whether the thread parks with no end in sight: only then must a new lease wake it.
  private volatile boolean asleep = true;

  SyncThread(Work work, FileLease lease) {
    this.work = work;
    this.lease = lease;
  }

  /** Asks the thread to lead the queue (its next record's caller is away). */
  void lead() {
    wake(true);
  }

  /** Hands the thread a written batch to force; the lead goes with it. */
  void force(ForceJob job) {
    pendingForce.set(job);
    wake(false);
  }

  /**
   * A batch took the file lock anew: the thread must let that lease go should the trail fall idle,
   * so it is woken if it sleeps with no end; while it watches, it finds the lease at its next look.
   */
  void leaseTaken() {
    if (asleep && lease.lingers()) wake(false);
  }

  /** Whether the calling thread is this one. */
  boolean isCurrent() {
    return Thread.currentThread() == thread;
  }

  /** Ends the thread once it has done what it was handed; the trail no longer queues anything. */
  void stop() {
    stop = true;
    Thread t = thread;
    if (t != null) LockSupport.unpark(t);
  }

  private void wake(boolean lead) {
    Thread t = thread;
    if (t == null) {
      synchronized (startLock) {
        t = thread;
        if (t == null) {
          t = new Thread(this::loop, NAME);
          t.setDaemon(true);
          if (lead) leadWanted.set(true);
          thread = t;
          t.start();
          return;
        }
      }
    }
    if (lead) leadWanted.set(true);
    LockSupport.unpark(t);
  }

  private void loop() {
    boolean lookedIdle = false; // watched one lease's length with no lease held
    while (true) {
      ForceJob job = pendingForce.getAndSet(null);
      if (job != null) {
        work.completeForce(job);
      } else if (leadWanted.getAndSet(false)) {
        try {
          work.lead();
        } catch (Error e) {
          log.error("the audit trail's sync thread failed: {}", e.getClass().getSimpleName());
        }
      } else if (stop) {
        return;
      } else if (lease.held()) {
        lookedIdle = false;
        long left = lease.ends() - System.nanoTime();
        if (left > 0) LockSupport.parkNanos(this, left);
        else if (!work.expireLease()) LockSupport.parkNanos(this, LEASE_RECHECK_NANOS);
        Thread.interrupted();
      } else if (!lookedIdle) {
        // a busy trail takes its next lease within this time, and is not woken for it
        lookedIdle = true;
        LockSupport.parkNanos(this, lease.nanos());
        Thread.interrupted();
      } else {
        asleep = true;
        // a lease taken before the flag was seen will not wake this thread: look once more
        if (!lease.held()) LockSupport.park(this);
        asleep = false;
        lookedIdle = false;
        Thread.interrupted(); // an interrupt must not close the channel mid-write: ignored
      }
    }
  }
}
