package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The file lock held as a lease: a busy trail locks once for many batches, an idle trail lets the
 * lock go for another process, and trails in one JVM on one file take turns instead of failing.
 */
class FileAuditTrailLeaseTest extends TrailTestSupport {
  /** Generous: only a lease never let go (another process locked out) would ever reach it. */
  private static final long TIMEOUT_SECONDS = 120;

  private static FileAuditTrail trail(
      Path file, Sync sync, long leaseNanos, AtomicReference<ScriptedDiskChannel> channel) {
    return new FileAuditTrail(
        file,
        sync,
        Clock.systemUTC(),
        p -> {
          channel.set(new ScriptedDiskChannel(p, call -> {}));
          return channel.get();
        },
        leaseNanos);
  }

  @Test
  void aBusyTrailLocksTheFileOnceAcrossItsBatches() throws Exception {
    Path file = dir.resolve("busy.jsonl");
    AtomicReference<ScriptedDiskChannel> channel = new AtomicReference<>();
    try (FileAuditTrail trail = trail(file, Sync.OS, Long.MAX_VALUE / 4, channel)) {
      for (int i = 0; i < 20; i++) assertThat(trail.append(event(i)).seq()).isEqualTo(i);
      assertThat(channel.get().locks.get())
          .as("once to open, once for all 20 batches")
          .isEqualTo(2);
    }
    // close let the lease go: the file opens and goes on from where the chain ended
    try (FileAuditTrail reopened = new FileAuditTrail(file, Sync.OS, Clock.systemUTC())) {
      assertThat(reopened.append(event(20)).seq()).isEqualTo(20);
    }
    assertThat(AuditVerifier.verifyFile(file, null).intact()).isTrue();
    assertThat(SharedFile.inUse(file)).as("no trail has the file open").isFalse();
  }

  @Test
  void withoutALeaseEveryBatchLocksTheFile() throws Exception {
    Path file = dir.resolve("unleased.jsonl");
    AtomicReference<ScriptedDiskChannel> channel = new AtomicReference<>();
    try (FileAuditTrail trail = trail(file, Sync.GROUP, 0, channel)) {
      for (int i = 0; i < 20; i++) trail.append(event(i));
      assertThat(channel.get().locks.get()).isEqualTo(21);
    }
    assertThat(AuditVerifier.verifyFile(file, null).records()).isEqualTo(20);
  }

  @Test
  void anIdleTrailLetsTheLockGoForAnotherProcessAndReadsWhatItWrote() throws Exception {
    Path file = dir.resolve("idle.jsonl");
    Path out = dir.resolve("other.out");
    try (FileAuditTrail trail = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      assertThat(trail.append(event(0)).seq()).isZero();
      // this trail stays open and idle; the other process can only write once the lease went
      Process other = AuditAppenderProcess.start(out, file.toString(), "GROUP", "5");
      assertThat(other.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      List<String> said = Files.readAllLines(out, StandardCharsets.UTF_8);
      assertThat(other.exitValue()).as(String.join("\n", said)).isZero();
      assertThat(said).containsExactly("acked 1", "acked 2", "acked 3", "acked 4", "acked 5");
      // taking the lock again, the trail reads the head the other process left
      assertThat(trail.append(event(6)).seq()).isEqualTo(6);
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(7);
  }

  /** With 64 KB, both trails write over the zeros either keeps ahead (see FileAuditTrail). */
  @ParameterizedTest
  @ValueSource(longs = {0, 64 * 1024})
  void twoTrailsOnOneFileInOneJvmTakeTurnsAndKeepOneChain(long preallocate) throws Exception {
    Path file = dir.resolve("shared.jsonl");
    Files.createFile(file);
    Path link = Files.createSymbolicLink(dir.resolve("link.jsonl"), file);
    Set<Long> seqs = new HashSet<>();
    try (FileAuditTrail a = new FileAuditTrail(file, Sync.OS, Clock.systemUTC(), preallocate);
        FileAuditTrail b = new FileAuditTrail(link, Sync.GROUP, Clock.systemUTC(), preallocate)) {
      List<Future<List<AuditEntry>>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        FileAuditTrail trail = t % 2 == 0 ? a : b;
        int base = t * 100;
        workers.add(
            pool.submit(
                () -> {
                  List<AuditEntry> mine = new ArrayList<>();
                  for (int i = 0; i < 100; i++) mine.add(trail.append(event(base + i)));
                  return mine;
                }));
      }
      for (Future<List<AuditEntry>> w : workers) {
        for (AuditEntry e : w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS)) seqs.add(e.seq());
      }
      assertThat(SharedFile.inUse(link)).isTrue();
    }
    assertThat(seqs).as("each record has its own seq").hasSize(400);
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(400);
    assertThat(SharedFile.inUse(file)).isFalse();
  }
}
