package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.ChainVerification.Kind;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * A trail that preallocates: zeros written ahead of its records, which every reader skips, which a
 * crash may leave behind, and which a clean close cuts off. Another trail writing over them, in
 * this process or another, is tested with the lease and group commit tests.
 */
class FileAuditTrailPreallocationTest extends TrailTestSupport {
  /** Generous: only a lost record or a lock never let go would ever reach it. */
  private static final long TIMEOUT_SECONDS = 120;

  private static final long CHUNK = 64 * 1024;

  private static FileAuditTrail preallocating(Path file, Sync sync) {
    return new FileAuditTrail(file, sync, Clock.systemUTC(), CHUNK);
  }

  /** Where the records end: after the last byte that is not zero. */
  private static long endOfRecords(byte[] bytes) {
    int end = bytes.length;
    while (end > 0 && bytes[end - 1] == 0) end--;
    return end;
  }

  @Test
  void aPreallocatingTrailKeepsZerosAheadOfItsRecordsThatReadersSkip() throws Exception {
    Path file = dir.resolve("padded.jsonl");
    try (FileAuditTrail trail = preallocating(file, Sync.GROUP)) {
      for (int i = 0; i < 10; i++) assertThat(trail.append(event(i)).seq()).isEqualTo(i);

      byte[] bytes = Files.readAllBytes(file);
      long end = endOfRecords(bytes);
      assertThat(bytes.length - end).as("zeros kept ahead").isPositive();
      assertThat((long) bytes.length).as("a chunk past the first batch").isGreaterThan(CHUNK);
      assertThat(bytes[(int) end - 1]).isEqualTo((byte) '\n');
      assertThat(new String(bytes, 0, (int) end, StandardCharsets.UTF_8).lines()).hasSize(10);

      List<AuditEntry> entries = trail.entries();
      assertThat(entries).hasSize(10);
      assertThat(entries.get(9).seq()).isEqualTo(9);
      ChainVerification v = AuditVerifier.verifyFile(file, null);
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(10);
      assertThat(v.headSeq()).isEqualTo(9);
    }
  }

  @Test
  void aCleanCloseCutsTheZerosOffAndTheFileReopensWhereItEnded() throws Exception {
    Path file = dir.resolve("closed.jsonl");
    try (FileAuditTrail trail = preallocating(file, Sync.GROUP)) {
      for (int i = 0; i < 3; i++) trail.append(event(i));
    }
    byte[] bytes = Files.readAllBytes(file);
    assertThat(endOfRecords(bytes)).as("no zeros left").isEqualTo(bytes.length);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3);

    try (FileAuditTrail reopened = preallocating(file, Sync.GROUP)) {
      assertThat(reopened.append(event(3)).seq()).isEqualTo(3);
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void batchesPastTheChunkGrowTheFileAgainAndKeepOneChain() throws Exception {
    Path file = dir.resolve("grown.jsonl");
    int records = 2_000; // about 190 KB of records: three chunks and more
    try (FileAuditTrail trail = preallocating(file, Sync.OS)) {
      List<Future<?>> workers = new ArrayList<>();
      AtomicInteger next = new AtomicInteger();
      for (int t = 0; t < 8; t++) {
        workers.add(
            pool.submit(
                () -> {
                  for (int i; (i = next.getAndIncrement()) < records; ) trail.append(event(i));
                }));
      }
      for (Future<?> w : workers) w.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(Files.size(file) - endOfRecords(Files.readAllBytes(file))).isPositive();
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(records);
    assertThat(Files.size(file)).isGreaterThan(3 * CHUNK);
  }

  @Test
  void aFileACrashLeftPaddedReopensAfterItsLastRecordAndLosesNoAcknowledgedOne() throws Exception {
    Path file = dir.resolve("crash.jsonl");
    Path out = dir.resolve("child.out");
    // the child writes 5 records, each forced and acknowledged, and dies as the 6th fsync begins
    Process child =
        AuditAppenderProcess.start(
            out, file.toString(), "GROUP", "10", "crash-at-force=6", "preallocate=" + CHUNK);
    assertThat(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
    List<String> said = Files.readAllLines(out, StandardCharsets.UTF_8);
    assertThat(child.exitValue()).as(String.join("\n", said)).isEqualTo(3);
    assertThat(said).containsExactly("acked 0", "acked 1", "acked 2", "acked 3", "acked 4");
    byte[] left = Files.readAllBytes(file);
    assertThat(left.length - endOfRecords(left)).as("the zeros the crash left").isPositive();

    // the process died, the OS kept the written (unforced) 6th record: the chain is whole
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(6);

    // a trail that does not preallocate goes on after the last record, and its close trims
    try (FileAuditTrail reopened = new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC())) {
      assertThat(reopened.append(event(6)).seq()).isEqualTo(6);
      assertThat(reopened.entries()).hasSize(7);
    }
    byte[] closed = Files.readAllBytes(file);
    assertThat(endOfRecords(closed)).isEqualTo(closed.length);
    assertThat(AuditVerifier.verifyFile(file, null).records()).isEqualTo(7);
  }

  @Test
  void aTornRecordBeforeTheZerosIsReportedThenCutOnOpen() throws Exception {
    Path file = dir.resolve("torn.jsonl");
    try (FileAuditTrail trail = preallocating(file, Sync.GROUP)) {
      for (int i = 0; i < 3; i++) trail.append(event(i));
    }
    // a power cut mid-write: half a record, then the zeros the trail had written ahead
    String whole = Files.readString(file, StandardCharsets.UTF_8);
    String lastLine = whole.lines().reduce((a, b) -> b).orElseThrow();
    byte[] half = lastLine.substring(0, lastLine.length() / 2).getBytes(StandardCharsets.UTF_8);
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.wrap(half), ch.size());
      ch.write(java.nio.ByteBuffer.allocate((int) CHUNK), ch.size());
    }

    ChainVerification torn = AuditVerifier.verifyFile(file, null);
    assertThat(torn.firstBreak().orElseThrow().kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(torn.headSeq()).isEqualTo(2);
    assertThatThrownBy(() -> TrailFile.entries(file))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("record 4 of");

    try (FileAuditTrail reopened = preallocating(file, Sync.GROUP)) {
      List<AuditEntry> entries = reopened.entries();
      assertThat(entries).hasSize(4);
      assertThat(entries.get(3).eventType()).isEqualTo("audit.repair");
      assertThat(entries.get(3).record()).containsEntry("reasonCode", "TORN_TAIL_CUT");
      assertThat(((Number) entries.get(3).record().get("cutBytes")).longValue())
          .as("the half record, not the zeros after it")
          .isEqualTo(half.length);
      assertThat(reopened.append(event(3)).seq()).isEqualTo(4);
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(5);
  }

  @Test
  void unforcedRecordsAfterAHoleOfZerosAreCutOnOpen() throws Exception {
    Path file = dir.resolve("hole.jsonl");
    try (FileAuditTrail trail = preallocating(file, Sync.GROUP)) {
      for (int i = 0; i < 3; i++) trail.append(event(i));
    }
    // a power cut under sync: os: the OS had written a later record's page but not the one
    // before it, so zeros stand where the fourth record was, then the fifth, then the padding
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    String fifth = lines.get(2); // any whole record will do: it is cut before it is read
    try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.write(java.nio.ByteBuffer.allocate(300), ch.size());
      ch.write(
          java.nio.ByteBuffer.wrap((fifth + "\n").getBytes(StandardCharsets.UTF_8)), ch.size());
      ch.write(java.nio.ByteBuffer.allocate((int) CHUNK), ch.size());
    }
    ChainVerification damaged = AuditVerifier.verifyFile(file, null);
    assertThat(damaged.intact()).isFalse();
    assertThat(damaged.headSeq()).isEqualTo(2);

    try (FileAuditTrail reopened = new FileAuditTrail(file, Sync.OS, Clock.systemUTC())) {
      List<AuditEntry> entries = reopened.entries();
      assertThat(entries).hasSize(4);
      assertThat(entries.get(3).record()).containsEntry("reasonCode", "TORN_TAIL_CUT");
      assertThat(((Number) entries.get(3).record().get("cutBytes")).longValue())
          .isEqualTo(300 + fifth.getBytes(StandardCharsets.UTF_8).length + 1);
      assertThat(reopened.append(event(3)).seq()).isEqualTo(4);
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(5);
  }

  @Test
  void aFailedFsyncCutsTheBatchAndTheZerosBackAndTheTrailGoesOn() throws Exception {
    Path file = dir.resolve("failing.jsonl");
    AtomicInteger failAt = new AtomicInteger(3);
    try (FileAuditTrail trail =
        new FileAuditTrail(
            file,
            Sync.GROUP,
            Clock.systemUTC(),
            p ->
                new ScriptedDiskChannel(
                    p,
                    call -> {
                      if (call == failAt.get()) throw new IOException("disk gone");
                    }),
            FileLease.DEFAULT_NANOS,
            CHUNK)) {
      trail.append(event(0));
      trail.append(event(1));
      assertThatThrownBy(() -> trail.append(event(2)))
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("cannot be written");
      assertThat(Files.size(file))
          .as("cut back to the acknowledged records, zeros and all")
          .isEqualTo(endOfRecords(Files.readAllBytes(file)));
      assertThat(trail.append(event(3)).seq()).isEqualTo(2);
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(3);
  }

  @Test
  void aNegativePreallocationIsRefused() {
    assertThatThrownBy(() -> AuditTrail.file(dir.resolve("x.jsonl"), Sync.GROUP, -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("preallocate must be 0 or more bytes");
  }
}
