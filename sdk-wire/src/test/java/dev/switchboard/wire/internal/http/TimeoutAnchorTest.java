package dev.switchboard.wire.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.testing.Concurrently;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okio.AsyncTimeout;
import org.junit.jupiter.api.Test;

/**
 * The anchor keeps socket timeouts from waking Okio's watchdog thread, changes when no timeout
 * fires, and is let go once calls stop.
 */
class TimeoutAnchorTest {
  private static final long HOUR = TimeUnit.HOURS.toNanos(1);

  @Test
  void timeoutsQueuedBehindTheAnchorWakeNoThread() throws InterruptedException {
    TimeoutAnchor anchor = new TimeoutAnchor(HOUR);
    anchor.hold(); // starts Okio's watchdog if it is not running
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    long id = watchdogThreadId(); // the newest: it has the anchor queued, so it keeps running
    long waitsBefore = threads.getThreadInfo(id).getWaitedCount();

    // what a blocking socket read does with a two-hour read timeout, 200 times: without the anchor
    // each would land at the front of an empty queue and wake the watchdog (200 waits on a quiet
    // machine; the sleep gives it time to wait again)
    AsyncTimeout read = new AsyncTimeout();
    read.timeout(2 * HOUR, TimeUnit.NANOSECONDS);
    for (int i = 0; i < 200; i++) {
      read.enter();
      Thread.sleep(1);
      read.exit();
    }

    long waits = threads.getThreadInfo(id).getWaitedCount() - waitsBefore;
    assertThat(waits).as("watchdog wake-ups").isLessThan(40); // a few from other tests' timeouts
    anchor.expired();
    anchor.expired(); // not used since: let go
    assertThat(anchor.isQueued()).isFalse();
  }

  @Test
  void aReadTimeoutStillFiresWhileTheAnchorIsRequeuedAheadOfIt() throws Exception {
    TimeoutAnchor anchor = new TimeoutAnchor(TimeUnit.MILLISECONDS.toNanos(50));
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> accepted = new CopyOnWriteArrayList<>(); // added to by the acceptor thread
      Thread acceptor =
          new Thread(
              () -> {
                try {
                  while (true) accepted.add(silent.accept()); // reads nothing, answers nothing
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      OkHttpClient client =
          new OkHttpClient.Builder().readTimeout(400, TimeUnit.MILLISECONDS).build();
      Request request =
          new Request.Builder().url("http://127.0.0.1:" + silent.getLocalPort() + "/").build();

      anchor.hold();
      long start = System.nanoTime();
      // OkHttp sets the read timeout twice, as the socket's own SO_TIMEOUT and as Okio's timeout;
      // which of the two fires first is a race (SocketTimeoutException "Read timed out" or Okio's
      // "timeout"), and both are InterruptedIOExceptions
      assertThatThrownBy(() -> client.newCall(request).execute())
          .isInstanceOf(InterruptedIOException.class);
      // the read waited out its own timeout, however often the anchor expired before it
      assertThat(System.nanoTime() - start)
          .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(400));
      client.dispatcher().executorService().shutdown();
      client.connectionPool().evictAll();
      for (Socket s : accepted) s.close();
    }
  }

  @Test
  void anOkioTimeoutQueuedBehindTheRequeuedAnchorFiresAfterItsOwnTime() throws Exception {
    TimeoutAnchor anchor = new TimeoutAnchor(TimeUnit.MILLISECONDS.toNanos(50));
    CountDownLatch fired = new CountDownLatch(1);
    AtomicLong firedAt = new AtomicLong();
    AsyncTimeout read =
        new AsyncTimeout() {
          @Override
          protected void timedOut() {
            firedAt.set(System.nanoTime());
            fired.countDown();
          }
        };
    read.timeout(300, TimeUnit.MILLISECONDS);

    long start = System.nanoTime();
    read.enter();
    // calls keep coming, so each expiry of the 50 ms anchor queues it again ahead of the read
    while (fired.getCount() > 0 && System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30)) {
      anchor.hold();
      Thread.sleep(5);
    }
    boolean timedOut = read.exit();

    assertThat(fired.await(0, TimeUnit.SECONDS)).as("the read's timeout fired").isTrue();
    assertThat(timedOut).isTrue();
    assertThat(firedAt.get() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(300));
  }

  @Test
  void theAnchorIsRequeuedWhileCallsAreMadeAndLetGoAfterAPeriodWithout() {
    TimeoutAnchor anchor = new TimeoutAnchor(HOUR);
    assertThat(anchor.isQueued()).isFalse();
    anchor.hold();
    assertThat(anchor.isQueued()).isTrue();

    anchor.expired(); // a call was made in the period
    assertThat(anchor.isQueued()).isTrue();
    anchor.expired(); // none was
    assertThat(anchor.isQueued()).isFalse();

    anchor.hold();
    anchor.hold();
    assertThat(anchor.isQueued()).isTrue();
    anchor.expired();
    anchor.expired();
    assertThat(anchor.isQueued()).isFalse();
  }

  @Test
  void anExpiryThatNeverCameLeavesAnIdleAnchorAlone() {
    TimeoutAnchor anchor = new TimeoutAnchor(HOUR);
    anchor.expired();
    assertThat(anchor.isQueued()).isFalse();
    anchor.hold(); // enters it once: entering an entered Okio timeout would throw
    assertThat(anchor.isQueued()).isTrue();
    anchor.expired();
    anchor.expired();
  }

  @Test
  void callersOnManyThreadsQueueTheAnchorOnceAtATime() throws Exception {
    TimeoutAnchor anchor = new TimeoutAnchor(HOUR);
    // an unbalanced enter would throw on one of the threads and fail the run
    Concurrently.onThreads(
        8,
        () -> {
          for (int i = 0; i < 20_000; i++) {
            anchor.hold();
            if (i % 500 == 0) anchor.expired(); // expiries met by arriving calls
          }
        });
    anchor.expired();
    anchor.expired();
    assertThat(anchor.isQueued()).isFalse();
  }

  /** The running watchdog: the newest one, should one that ran out of work still be ending. */
  private static long watchdogThreadId() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("Okio Watchdog") && t.isAlive())
        .max(Comparator.comparingLong(Thread::getId))
        .orElseThrow(() -> new AssertionError("Okio's watchdog thread is not running"))
        .getId();
  }
}
