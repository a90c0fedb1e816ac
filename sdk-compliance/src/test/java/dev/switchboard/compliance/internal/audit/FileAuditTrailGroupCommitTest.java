package dev.switchboard.compliance.internal.audit;

import static dev.switchboard.compliance.internal.audit.HeldFsync.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.ChainVerification.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Group commit of the file trail: batches share one write and one fsync, callers return only once
 * their batch is forced, a failed fsync fails exactly its batch, and the chain survives a crash
 * between write and fsync and a second process on the same file.
 */
class FileAuditTrailGroupCommitTest extends TrailTestSupport {

  private List<Future<AuditEntry>> appendFromThreads(FileAuditTrail trail, int from, int n) {
    List<Future<AuditEntry>> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      int k = i;
      out.add(pool.submit(() -> trail.append(event(k))));
    }
    return out;
  }

  @Test
  void recordsWaitingDuringAnFsyncShareTheNextWriteAndFsync() throws Exception {
    Path file = dir.resolve("group.jsonl");
    HeldFsync first = new HeldFsync(1);
    int[] forces = {0};
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.GROUP,
            call -> {
              forces[0] = call;
              first.onForce(call);
            })) {
      Future<AuditEntry> firstAppend = pool.submit(() -> trail.append(event(0)));
      first.awaitStarted();
      List<Future<AuditEntry>> rest = appendFromThreads(trail, 1, 15);
      ScriptedDiskTrails.awaitQueued(trail, 15);
      assertThat(firstAppend.isDone()).as("returns only after its fsync").isFalse();
      first.release();
      Set<Long> seqs = new HashSet<>();
      seqs.add(firstAppend.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq());
      for (Future<AuditEntry> f : rest) seqs.add(f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq());
      assertThat(seqs).hasSize(16).allMatch(s -> s >= 0 && s < 16);
      assertThat(forces[0])
          .as("one fsync for the first record, one for the 15 behind it")
          .isEqualTo(2);
      ChainVerification v = trail.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(16);
      assertThat(trail.entries()).extracting(AuditEntry::seq).containsExactlyElementsOf(range(16));
    }
  }

  @Test
  void manyConcurrentAppendersAreAllDurableAndKeepOneChain() throws Exception {
    Path file = dir.resolve("many.jsonl");
    List<AuditEntry> acked = new ArrayList<>();
    try (FileAuditTrail trail = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      List<Future<List<AuditEntry>>> workers = new ArrayList<>();
      for (int t = 0; t < 16; t++) {
        int base = t * 40;
        workers.add(
            pool.submit(
                () -> {
                  List<AuditEntry> mine = new ArrayList<>();
                  for (int i = 0; i < 40; i++) mine.add(trail.append(event(base + i)));
                  return mine;
                }));
      }
      for (Future<List<AuditEntry>> w : workers)
        acked.addAll(w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(640);
    // every acknowledged entry is the record stored at its seq, byte for byte
    try (FileAuditTrail reopened = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      List<AuditEntry> stored = reopened.entries();
      for (AuditEntry e : acked) {
        AuditEntry s = stored.get((int) e.seq());
        assertThat(s.hash()).isEqualTo(e.hash());
        assertThat(s.prevHash()).isEqualTo(e.prevHash());
        assertThat(s.canonicalJson()).isEqualTo(e.canonicalJson());
        assertThat(s.eventId()).isEqualTo(e.eventId());
      }
      assertThat(reopened.append(event(999)).seq()).isEqualTo(640);
    }
  }

  @Test
  void aFailedFsyncFailsExactlyTheBatchWaitingOnIt() throws Exception {
    Path file = dir.resolve("fail.jsonl");
    HeldFsync firstFsync = new HeldFsync(1);
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.GROUP,
            call -> {
              firstFsync.onForce(call);
              if (call == 2) throw new IOException("disk gone (scripted)");
            })) {
      Future<AuditEntry> first = pool.submit(() -> trail.append(event(0)));
      firstFsync.awaitStarted();
      List<Future<AuditEntry>> doomed = appendFromThreads(trail, 1, 5);
      ScriptedDiskTrails.awaitQueued(trail, 5);
      firstFsync.release();
      assertThat(first.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq()).isZero();
      for (Future<AuditEntry> f : doomed) {
        assertThatThrownBy(() -> f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
            .isInstanceOf(ExecutionException.class)
            .cause()
            .isInstanceOf(AuditTrailException.class)
            .hasMessageContaining("cannot be written")
            .hasMessageContaining("IOException");
      }
      // the failed batch was cut back: the next record follows the first one
      AuditEntry after = trail.append(event(6));
      assertThat(after.seq()).isEqualTo(1);
      assertThat(trail.verify().intact()).isTrue();
      assertThat(trail.verify().records()).isEqualTo(2);
    }
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
  }

  @Test
  void everyRecordForcesEachRecordAndOsForcesNone() throws Exception {
    int[] forces = {0};
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            dir.resolve("each.jsonl"), Sync.EVERY_RECORD, call -> forces[0] = call)) {
      for (Future<AuditEntry> f : appendFromThreads(trail, 0, 8))
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(forces[0]).isEqualTo(8);
      assertThat(trail.verify().records()).isEqualTo(8);
    }
    int[] osForces = {0};
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(dir.resolve("os.jsonl"), Sync.OS, call -> osForces[0] = call)) {
      for (Future<AuditEntry> f : appendFromThreads(trail, 0, 8))
        f.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(osForces[0]).isZero();
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void concurrentAppendersShareFsyncs() throws Exception {
    Path file = dir.resolve("batches.jsonl");
    int threads = 64;
    int each = 20;
    long[] stats;
    try (FileAuditTrail trail = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int base = t * each;
        workers.add(
            pool.submit(
                () -> {
                  HeldFsync.await(start);
                  for (int i = 0; i < each; i++) trail.append(event(base + i));
                  return null;
                }));
      }
      start.countDown();
      for (Future<?> w : workers) w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      stats = trail.stats();
    }
    System.out.printf(
        "group commit, %d threads x %d records: %d batches, %d fsyncs, largest batch %d%n",
        threads, each, stats[0], stats[2], stats[3]);
    assertThat(stats[1]).isEqualTo((long) threads * each);
    assertThat(stats[2]).as("one fsync per batch").isEqualTo(stats[0]);
    assertThat(stats[3]).as("records that arrive during an fsync share the next").isGreaterThan(1);
    assertThat(AuditVerifier.verifyFile(file, null).records()).isEqualTo((long) threads * each);
  }

  @Test
  void aCrashBetweenWriteAndFsyncLeavesTheAcknowledgedChainIntact() throws Exception {
    Path file = dir.resolve("crash.jsonl");
    Path out = dir.resolve("child.out");
    // the child writes 5 records, each forced and acknowledged, and dies as the 6th fsync begins
    Process child =
        AuditAppenderProcess.start(out, file.toString(), "GROUP", "10", "crash-at-force=6");
    assertThat(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    List<String> said = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(String.join("\n", said)).isEqualTo(3);
    assertThat(said).containsExactly("acked 0", "acked 1", "acked 2", "acked 3", "acked 4");
    // the process died, the OS kept the written (unforced) 6th record: the chain is whole
    ChainVerification afterProcessCrash = AuditVerifier.verifyFile(file, null);
    assertThat(afterProcessCrash.intact()).isTrue();
    assertThat(afterProcessCrash.records()).isEqualTo(6);

    // a power cut that tore the unforced record: the verifier names it, the acknowledged five stay
    String text = Files.readString(file, StandardCharsets.UTF_8);
    Files.writeString(file, text.substring(0, text.length() - 40), StandardCharsets.UTF_8);
    ChainVerification afterPowerCut = AuditVerifier.verifyFile(file, null);
    assertThat(afterPowerCut.firstBreak().orElseThrow().kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(afterPowerCut.headSeq()).isEqualTo(4);

    // a power cut that lost the unforced record whole: the trail reopens and goes on at seq 5
    Path lost = dir.resolve("lost.jsonl");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    Files.writeString(lost, String.join("\n", lines.subList(0, 5)) + "\n", StandardCharsets.UTF_8);
    try (FileAuditTrail reopened = new FileAuditTrail(lost, Sync.GROUP, Clock.systemUTC())) {
      assertThat(reopened.append(event(5)).seq()).isEqualTo(5);
      assertThat(reopened.verify().intact()).isTrue();
    }

    // the torn one: opening cuts the torn record, records an alert saying so, and goes on
    try (FileAuditTrail reopened = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      List<AuditEntry> entries = reopened.entries();
      assertThat(entries).hasSize(6);
      AuditEntry alert = entries.get(5);
      assertThat(alert.eventType()).isEqualTo("audit.repair");
      assertThat(alert.seq()).isEqualTo(5);
      assertThat(alert.record())
          .containsEntry("severity", "alert")
          .containsEntry("reasonCode", "TORN_TAIL_CUT");
      assertThat(reopened.append(event(5)).seq()).isEqualTo(6);
      assertThat(reopened.verify().intact()).isTrue();
    }
    assertThat(AuditVerifier.verifyFile(file, null).records()).isEqualTo(7);
  }

  /** With 64 KB, the other process preallocates and this one does not (see FileAuditTrail). */
  @ParameterizedTest
  @ValueSource(longs = {0, 64 * 1024})
  void twoProcessesAppendingToOneFileKeepOneChain(long otherPreallocates) throws Exception {
    Path file = dir.resolve("shared.jsonl");
    Process other =
        AuditAppenderProcess.start(
            dir.resolve("other.out"),
            file.toString(),
            "GROUP",
            "300",
            "preallocate=" + otherPreallocates);
    List<AuditEntry> mine = new ArrayList<>();
    try (FileAuditTrail trail = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      List<Future<List<AuditEntry>>> workers = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int base = t * 75;
        workers.add(
            pool.submit(
                () -> {
                  List<AuditEntry> out = new ArrayList<>();
                  for (int i = 0; i < 75; i++) out.add(trail.append(event(base + i)));
                  return out;
                }));
      }
      for (Future<List<AuditEntry>> w : workers)
        mine.addAll(w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS));
    }
    assertThat(other.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    List<String> said = Files.readAllLines(dir.resolve("other.out"), StandardCharsets.UTF_8);
    assertThat(other.exitValue()).as(String.join("\n", said)).isZero();
    assertThat(said).hasSize(300).allMatch(l -> l.startsWith("acked "));

    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(600);
    Set<Long> seqs = new HashSet<>();
    for (AuditEntry e : mine) seqs.add(e.seq());
    for (String l : said) seqs.add(Long.parseLong(l.substring("acked ".length())));
    assertThat(seqs).as("each record has its own seq").hasSize(600);
    byte[] bytes = Files.readAllBytes(file);
    assertThat(bytes[bytes.length - 1])
        .as("no zeros left after the last close")
        .isEqualTo((byte) '\n');
  }

  @Test
  void anInterruptedCallerStillWritesItsRecordAndKeepsTheTrailOpen() throws Exception {
    Path file = dir.resolve("interrupted.jsonl");
    try (FileAuditTrail trail = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      Future<Boolean> cancelled =
          pool.submit(
              () -> {
                Thread.currentThread().interrupt(); // as chatAsync(...).cancel(true) would
                trail.append(event(0));
                return Thread.interrupted();
              });
      assertThat(cancelled.get(TIMEOUT_SECONDS, TimeUnit.SECONDS))
          .as("the interrupt is kept for the caller")
          .isTrue();
      assertThat(trail.append(event(1)).seq()).as("the channel is still open").isEqualTo(1);
      assertThat(trail.verify().records()).isEqualTo(2);
    }
  }

  @Test
  void aClosedTrailRefusesAppends() {
    FileAuditTrail trail =
        new FileAuditTrail(dir.resolve("closed.jsonl"), Sync.GROUP, Clock.systemUTC());
    trail.append(event(0));
    trail.close();
    trail.close();
    assertThatThrownBy(() -> trail.append(event(1)))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("closed");
  }

  private static List<Long> range(int n) {
    List<Long> out = new ArrayList<>();
    for (long i = 0; i < n; i++) out.add(i);
    return out;
  }
}
