package dev.switchboard.wire.internal.http;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import okhttp3.Call;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cancels HTTP calls whose call deadline has passed, checking every {@link #TICK_NANOS}.
 *
 * <p>Why not OkHttp's own call timeout: it is precise, but it wakes a watchdog thread when each
 * call starts and again when it ends. On a small machine those two wake-ups cost a loopback call
 * about 20 µs at the median (JMH, FoundryChatBenchmark: raw OkHttp 85 µs, with a call timeout 104
 * µs). Deadlines are seconds long and per-attempt read timeouts already bound most waits, so a
 * reaper that looks every 20 ms holds the deadline to within a tick without a wake-up per call.
 * Calls with less than {@link #PRECISE_BELOW_NANOS} left still get OkHttp's precise timeout.
 *
 * <p>The thread is a daemon and stops itself when nothing has been watched for a while. It survives
 * any failure of one tick (a throwing event listener's {@code canceled}, an {@link Error}), and
 * should it end anyway, the next {@link #watch} or its own last act starts a replacement: a lost
 * reaper would silently take every later call's deadline with it.
 */
final class DeadlineReaper {
  /** How often deadlines are checked. */
  static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  /** Deadlines closer than this use OkHttp's precise call timeout instead. */
  static final long PRECISE_BELOW_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private static final long IDLE_STOP_NANOS = TimeUnit.SECONDS.toNanos(5);

  private static final Logger log = LoggerFactory.getLogger(DeadlineReaper.class);

  private static final Map<Call, Long> deadlines = new ConcurrentHashMap<>();
  private static final AtomicBoolean running = new AtomicBoolean();

  private DeadlineReaper() {}

  /**
   * Cancels the call if it is still running at the deadline (on the {@link System#nanoTime()}
   * clock).
   */
  static void watch(Call call, long deadlineNanos) {
    deadlines.put(call, deadlineNanos);
    startIfStopped();
  }

  private static void startIfStopped() {
    if (!running.get() && running.compareAndSet(false, true)) {
      Thread t = new Thread(DeadlineReaper::loop, "switchboard-deadlines");
      t.setDaemon(true);
      t.start();
    }
  }

  /** The call has ended: stop watching it. */
  static void forget(Call call) {
    deadlines.remove(call);
  }

  /** Calls being watched (for tests). */
  static int watched() {
    return deadlines.size();
  }

  private static void loop() {
    boolean stoppedIdle = false;
    try {
      stoppedIdle = run();
    } finally {
      if (!stoppedIdle) {
        // ended by something tick() could not catch: let a new thread take over the deadlines
        running.set(false);
        if (!deadlines.isEmpty()) startIfStopped();
      }
    }
  }

  /** Ticks until idle; true when it stopped because nothing was watched. */
  private static boolean run() {
    long idleSince = System.nanoTime();
    while (true) {
      LockSupport.parkNanos(TICK_NANOS);
      long now = System.nanoTime();
      if (deadlines.isEmpty()) {
        if (now - idleSince > IDLE_STOP_NANOS) {
          running.set(false);
          // A call registered between the check and the flag would be left unwatched: look again.
          if (deadlines.isEmpty() || !running.compareAndSet(false, true)) return true;
        }
        continue;
      }
      idleSince = now;
      try {
        tick(now);
      } catch (Throwable t) { // NOPMD: the reaper must outlive anything one tick throws
        log.warn("the deadline reaper met a failure and carries on", t);
      }
    }
  }

  private static void tick(long now) {
    Iterator<Map.Entry<Call, Long>> it = deadlines.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<Call, Long> e = it.next();
      if (now - e.getValue() < 0) continue;
      Call call = e.getKey();
      it.remove(); // a ConcurrentHashMap iterator is weakly consistent: removing is safe
      try {
        call.cancel(); // harmless for a call that already ended; its read fails with "Canceled"
      } catch (RuntimeException | LinkageError | AssertionError failure) {
        // one call's failing cancel (an event listener's bug) must not spare the others
        log.warn("cancelling a call at its deadline failed", failure);
      }
    }
  }
}
