package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Holds one fsync (by its number, from 1) until released: a slow disk under the test's control, as
 * part of a {@link ScriptedDiskChannel.ForceScript}.
 */
final class HeldFsync {
  /** Generous: only a broken appender (a lost wake-up) would ever reach it. */
  static final long TIMEOUT_SECONDS = 120;

  private final int call;
  private final CountDownLatch started = new CountDownLatch(1);
  private final CountDownLatch release = new CountDownLatch(1);

  HeldFsync(int call) {
    this.call = call;
  }

  /** Part of a force script: blocks the held call until {@link #release()}. */
  void onForce(int n) throws IOException {
    if (n != call) return;
    started.countDown();
    await(release);
  }

  /** Waits until the held fsync has begun. */
  void awaitStarted() throws InterruptedException {
    assertThat(started.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
  }

  void release() {
    release.countDown();
  }

  /** Waits for a latch inside a force script, failing the fsync if it never opens. */
  static void await(CountDownLatch latch) throws IOException {
    try {
      if (!latch.await(TIMEOUT_SECONDS, TimeUnit.SECONDS)) throw new IOException("never released");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    }
  }
}
