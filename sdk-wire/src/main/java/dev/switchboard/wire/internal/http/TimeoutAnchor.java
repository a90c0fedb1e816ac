package dev.switchboard.wire.internal.http;

import java.util.concurrent.TimeUnit;
import okio.AsyncTimeout;

/**
 * Keeps one timeout at the front of Okio's shared timeout queue while HTTP calls are being made, so
 * that the read and write timeouts of each call's socket operations do not wake Okio's watchdog
 * thread.
 *
 * <p>Why: OkHttp applies a connection's read and write timeouts through Okio's {@link
 * AsyncTimeout}, which queues every socket read and write, sorted by when it would time out, for
 * one shared watchdog thread. A timeout that lands at the front of that queue signals the watchdog,
 * because it is now the first to expire. With one call at a time the queue is empty between reads,
 * so every read and write lands at the front: two or three thread wake-ups per call, each a futex
 * wake and a context switch for the watchdog. On a two-core VM that was about 6 % of a calling
 * thread's CPU and as much again on the watchdog's (async-profiler, {@code
 * HospitalPipelineBenchmark}). A hand-written OkHttp call pays the same.
 *
 * <p>This anchor is a timeout of {@link #PERIOD_NANOS} that is queued and, whenever it expires,
 * queued again as long as calls are still being made. A socket timeout longer than the period (the
 * SDK's default read timeout is 60 s) then always lands behind the anchor and wakes nobody; the
 * watchdog wakes once per period for the anchor instead. Nothing about when a timeout fires
 * changes: the queue stays sorted by expiry and the watchdog still waits for its first entry. A
 * timeout shorter than the period lands in front of the anchor and signals the watchdog, as it
 * would without it. After a period with no call the anchor is not queued again, and the watchdog
 * stops on its own as it does when idle.
 *
 * <p>Okio offers no switch for this. The anchor relies on how Okio wakes its watchdog, which is not
 * part of Okio's contract: should a later Okio wake it differently, the anchor would cost one
 * wake-up per period and save nothing, and timeouts would still fire when they should.
 */
final class TimeoutAnchor {
  /** How far ahead the shared anchor is queued: socket timeouts longer than this wake no thread. */
  static final long PERIOD_NANOS = TimeUnit.SECONDS.toNanos(1);

  /** The anchor every {@link HttpTransport} holds. */
  static final TimeoutAnchor SHARED = new TimeoutAnchor(PERIOD_NANOS);

  private final Anchor anchor = new Anchor();

  /** Whether the anchor is queued; read without the lock, changed only under it. */
  private volatile boolean queued;

  /** Whether a call was made since the anchor last expired. */
  private volatile boolean used;

  /** An anchor queued {@code periodNanos} ahead (the shared one, or a test's). */
  TimeoutAnchor(long periodNanos) {
    anchor.timeout(periodNanos, TimeUnit.NANOSECONDS);
  }

  /** A call is about to be made: queue the anchor if it is not queued. */
  void hold() {
    // read first: a write on every call would bounce the cache line between callers for nothing
    if (!used) used = true;
    if (!queued) queue();
  }

  /** Under the same lock as {@link #expired}, so that the anchor is never entered twice. */
  private synchronized void queue() {
    if (queued) return;
    queued = true;
    anchor.enter();
  }

  /** Whether the anchor is queued. */
  boolean isQueued() {
    return queued;
  }

  /**
   * The anchor expired (on Okio's watchdog thread): queue it again if calls were made meanwhile,
   * else let it go. Tests call it to run an expiry without waiting for one.
   */
  synchronized void expired() {
    if (!queued) return;
    anchor.exit(); // back to idle, so that it can be entered again
    if (used) {
      used = false;
      anchor.enter();
    } else {
      queued = false;
    }
  }

  /** The queued timeout; it times nothing out, it only holds the queue's front. */
  private final class Anchor extends AsyncTimeout {
    @Override
    protected void timedOut() {
      expired();
    }
  }
}
