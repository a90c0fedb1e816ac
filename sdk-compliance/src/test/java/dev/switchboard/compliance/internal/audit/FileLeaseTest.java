package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the file lock lingers as a lease and when it is taken for one batch, on a clock the test
 * moves: a lease that served one batch is not worth its wake-ups, a busy trail's lease is.
 */
class FileLeaseTest {
  private static final long LEASE = TimeUnit.MILLISECONDS.toNanos(1);
  private static final long SOON = TimeUnit.MICROSECONDS.toNanos(50); // the next record of a call
  private static final long LATER = TimeUnit.MILLISECONDS.toNanos(3); // a vendor's answer

  @TempDir Path dir;
  private FileChannel channel;
  private FileLease lease;
  private long now = 1_000_000_000L;

  @BeforeEach
  void open() throws IOException {
    Path file = dir.resolve("lease.jsonl");
    channel = ScriptedDiskTrails.openReadWrite(file);
    lease = FileLease.of(channel, file, LEASE, () -> now);
  }

  @AfterEach
  void close() throws IOException {
    lease.close();
    channel.close();
  }

  /** One batch as the writer makes it: takes the lock, then lets it go if the lease is over. */
  private boolean batch() throws IOException {
    boolean takenAnew = lease.take();
    lease.releaseIfOver();
    return takenAnew;
  }

  /** What the trail's thread does once a lease's length has passed with no batch. */
  private void idleAfterLease() {
    now += LEASE;
    lease.releaseIfOver();
  }

  @Test
  void aLeaseThatServedOneBatchIsFollowedByALockForOneBatch() throws IOException {
    assertThat(batch()).isTrue();
    assertThat(lease.lingers()).as("a trail starts out leasing").isTrue();
    assertThat(lease.held()).isTrue();
    idleAfterLease();
    assertThat(lease.held()).isFalse();

    now += LATER;
    assertThat(batch()).isTrue();
    assertThat(lease.lingers()).as("the last lease served one batch").isFalse();
    assertThat(lease.held()).as("let go with its batch, no thread needed").isFalse();
  }

  @Test
  void callsThatComeApartKeepTakingTheLockForOneBatch() throws IOException {
    batch();
    idleAfterLease();
    for (int call = 0; call < 50; call++) {
      now += SOON; // the decision record, just after the last call's outcome
      assertThat(batch()).isTrue();
      assertThat(lease.lingers()).as("decision of call %d", call).isFalse();
      now += LATER; // the outcome record, once the vendor answered
      assertThat(batch()).isTrue();
      assertThat(lease.lingers()).as("outcome of call %d", call).isFalse();
      assertThat(lease.held()).isFalse();
    }
  }

  @Test
  void twoTakesInARowSoonAfterTheReleaseLeaseAgain() throws IOException {
    batch();
    idleAfterLease();
    now += LATER;
    batch();
    assertThat(lease.lingers()).isFalse();
    now += SOON;
    batch();
    assertThat(lease.lingers()).as("one take soon after the release").isFalse();
    now += SOON;
    batch();
    assertThat(lease.lingers()).as("the second in a row: the trail is busy").isTrue();
    assertThat(lease.held()).isTrue();

    now += SOON;
    assertThat(batch()).as("held: the next batch takes nothing").isFalse();
    idleAfterLease();
    now += SOON;
    batch();
    assertThat(lease.lingers()).as("the lease served two batches").isTrue();
  }

  @Test
  void aBusyTrailKeepsOneLockAcrossItsBatches() throws IOException {
    int taken = 0;
    for (int i = 0; i < 100; i++) {
      if (batch()) taken++;
      now += LEASE / 20;
    }
    assertThat(taken).as("a lock a lease, twenty batches each").isEqualTo(5);
    assertThat(lease.lingers()).isTrue();
  }

  @Test
  void withoutALeaseLengthEveryBatchLocksAndNothingLingers() throws IOException {
    Path file = dir.resolve("none.jsonl");
    try (FileChannel own = ScriptedDiskTrails.openReadWrite(file)) {
      FileLease none = FileLease.of(own, file, 0, () -> now);
      for (int i = 0; i < 5; i++) {
        assertThat(none.take()).isTrue();
        assertThat(none.lingers()).isFalse();
        none.releaseIfOver();
        assertThat(none.held()).isFalse();
        now += SOON;
      }
      none.close();
    }
  }
}
