package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file trail's own thread on its own: what it is handed runs on it, in order; a lease taken
 * while it sleeps is let go once over, and looked at again while a leader is at work; stopping it
 * ends it after the work it was handed. The trail's tests cover it inside the trail.
 */
class SyncThreadTest {
  /** Generous: only a thread that never ran what it was handed would reach it. */
  private static final long TIMEOUT_SECONDS = 60;

  private static final long LEASE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

  @TempDir Path dir;
  private FileChannel channel;
  private FileLease lease;
  private final Recorder work = new Recorder();
  private SyncThread syncThread;

  @BeforeEach
  void open() throws Exception {
    Path file = dir.resolve("audit.jsonl");
    channel = ScriptedDiskTrails.openReadWrite(file);
    lease = FileLease.of(channel, file, LEASE_NANOS);
    syncThread = new SyncThread(work, lease);
  }

  @AfterEach
  void close() throws Exception {
    syncThread.stop();
    lease.close();
    channel.close();
  }

  @Test
  void aHandedOverForceRunsOnTheSyncThreadBeforeTheLeadItWasAskedFor() throws Exception {
    SyncThread.ForceJob job = job();
    syncThread.force(job);
    syncThread.lead();

    Call first = work.next();
    Call second = work.next();
    assertThat(first.what).isEqualTo("force");
    assertThat(first.job).isSameAs(job);
    assertThat(first.thread).isEqualTo(SyncThread.NAME);
    assertThat(first.wasCurrent).isTrue();
    assertThat(second.what).isEqualTo("lead");
    assertThat(second.thread).isEqualTo(SyncThread.NAME);
    assertThat(syncThread.isCurrent()).isFalse();
  }

  @Test
  void anErrorWhileLeadingIsLoggedAndTheThreadGoesOn() throws Exception {
    work.failLeadOnce.set(1);
    syncThread.lead();
    assertThat(work.next().what).isEqualTo("lead");

    syncThread.force(job());
    assertThat(work.next().what).isEqualTo("force");
  }

  @Test
  void aLeaseTakenWhileTheThreadSleepsIsLetGoOnceOver() throws Exception {
    assertThat(lease.take()).isTrue();
    long ends = lease.ends();
    syncThread.leaseTaken(); // the thread was never started: it is asleep, so this starts it

    Call call = work.next();
    assertThat(call.what).isEqualTo("expire");
    assertThat(call.at).isGreaterThanOrEqualTo(ends);
    assertThat(lease.held()).isFalse();
  }

  @Test
  void aLeaseOverWhileALeaderWorksIsLookedAtAgain() throws Exception {
    work.leaderAtWork.set(2); // the first two looks find a leader at work
    assertThat(lease.take()).isTrue();
    syncThread.leaseTaken();

    assertThat(work.next().what).isEqualTo("expire");
    assertThat(work.next().what).isEqualTo("expire");
    assertThat(work.next().what).isEqualTo("expire");
    assertThat(lease.held()).isFalse();
  }

  @Test
  void stoppingEndsTheThreadAfterTheForceItWasHanded() throws Exception {
    work.holdForce = new CountDownLatch(1);
    syncThread.force(job());
    Call force = work.next(); // running, held
    syncThread.stop();
    work.holdForce.countDown();

    force.runner.join(TimeUnit.SECONDS.toMillis(TIMEOUT_SECONDS));
    assertThat(force.runner.isAlive()).isFalse();
    assertThat(work.calls).isEmpty();
  }

  private static SyncThread.ForceJob job() {
    return new SyncThread.ForceJob(
        new BatchWriter.Written(
            0, 0, 1, new byte[32], false, false, java.nio.ByteBuffer.allocate(0)),
        List.of());
  }

  /** One call the thread made into its work. */
  private record Call(
      String what,
      SyncThread.@Nullable ForceJob job,
      String thread,
      boolean wasCurrent,
      long at,
      Thread runner) {}

  /** Work that records what the thread asked of it, and lets the lease go as the trail would. */
  private final class Recorder implements SyncThread.Work {
    final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    final AtomicInteger failLeadOnce = new AtomicInteger();
    final AtomicInteger leaderAtWork = new AtomicInteger();
    volatile @Nullable CountDownLatch holdForce;

    Call next() throws InterruptedException {
      Call call = calls.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(call).as("the sync thread's next call").isNotNull();
      return call;
    }

    private void record(String what, SyncThread.@Nullable ForceJob job) {
      Thread t = Thread.currentThread();
      calls.add(new Call(what, job, t.getName(), syncThread.isCurrent(), System.nanoTime(), t));
    }

    @Override
    public void lead() {
      record("lead", null);
      if (failLeadOnce.getAndDecrement() > 0) throw new AssertionError("a leader's bug");
    }

    @Override
    public void completeForce(SyncThread.ForceJob job) {
      record("force", job);
      CountDownLatch hold = holdForce;
      if (hold != null) {
        try {
          hold.await(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }

    @Override
    public boolean expireLease() {
      // Recorded after the work, so a test that sees the call also sees what it did.
      boolean looked = leaderAtWork.getAndDecrement() <= 0;
      if (looked) lease.releaseIfOver();
      record("expire", null);
      return looked;
    }
  }
}
