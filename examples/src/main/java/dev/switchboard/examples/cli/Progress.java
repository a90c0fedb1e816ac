package dev.switchboard.examples.cli;

import dev.switchboard.Target;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.pipeline.CallListener;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Retry and failover progress on stderr, so that a long wait is never silent: each failed attempt
 * and what happens next, each new attempt, and while an attempt is outstanding a "still waiting"
 * line every {@value #HEARTBEAT_SECONDS} seconds. Names the exception class and status, never a
 * server's error text.
 */
final class Progress implements CallListener {
  static final long HEARTBEAT_SECONDS = 10;

  /** One daemon thread for every client's heartbeat; it never keeps the process alive. */
  private static final ScheduledExecutorService TIMER =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "switchboard-progress");
            t.setDaemon(true);
            return t;
          });

  private final PrintWriter err;
  private ScheduledFuture<?> heartbeat;

  Progress(PrintWriter err) {
    this.err = err;
  }

  @Override
  public synchronized void attemptStarted(AttemptStarted e) {
    stopHeartbeat();
    if (e.attempt() > 1) say("attempt " + e.attempt() + ": trying " + e.target().label());
    long started = System.nanoTime();
    Target target = e.target();
    int attempt = e.attempt();
    heartbeat =
        TIMER.scheduleAtFixedRate(
            () ->
                say(
                    "still waiting for "
                        + target.label()
                        + " (attempt "
                        + attempt
                        + ", "
                        + TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started)
                        + " s)"),
            HEARTBEAT_SECONDS,
            HEARTBEAT_SECONDS,
            TimeUnit.SECONDS);
  }

  @Override
  public synchronized void attemptEnded(AttemptEnded e) {
    stopHeartbeat();
    if (e.succeeded()) return;
    Throwable f = e.failure();
    String what =
        f instanceof SwitchboardException s && s.retryable()
            ? f.getClass().getSimpleName()
            : f.getClass().getSimpleName() + ", not retryable";
    String next =
        e.nextDelayIfAny().map(d -> "retrying in " + millis(d)).orElse("no retry at this target");
    say(
        "attempt "
            + e.attempt()
            + " at "
            + e.target().label()
            + " failed ("
            + what
            + (e.statusCode() > 0 ? ", status " + e.statusCode() : "")
            + ") after "
            + millis(e.duration())
            + "; "
            + next);
  }

  @Override
  public synchronized void callSucceeded(CallSucceeded e) {
    stopHeartbeat();
  }

  @Override
  public synchronized void callFailed(CallFailed e) {
    stopHeartbeat();
  }

  private void stopHeartbeat() {
    if (heartbeat != null) heartbeat.cancel(false);
    heartbeat = null;
  }

  private void say(String line) {
    synchronized (err) {
      err.println("switchboard: " + line);
      err.flush();
    }
  }

  private static String millis(Duration d) {
    return d.toMillis() + " ms";
  }
}
