package dev.switchboard.compliance.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.audit.ChainVerification.Kind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileAuditTrailTest {
  @TempDir Path dir;

  private static AuditEvent event(int i) {
    return new AuditEvent(
        "ai.decision",
        Map.of("decision", "ALLOW", "ruleIds", List.of("r" + i), "cost", 0.0004 * i));
  }

  private Path writeChain(int n) {
    Path file = dir.resolve("audit.jsonl");
    try (AuditTrail trail = AuditTrail.file(file)) {
      for (int i = 0; i < n; i++) trail.append(event(i));
    }
    return file;
  }

  private List<String> lines(Path file) throws Exception {
    return new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
  }

  private void write(Path file, List<String> lines) throws Exception {
    Files.write(file, (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void appendedRecordsFormAnIntactChainAcrossReopens() {
    Path file = writeChain(3);
    try (AuditTrail trail = AuditTrail.file(file)) {
      AuditEntry fourth = trail.append(event(3));
      assertThat(fourth.seq()).isEqualTo(3);
      ChainVerification v = trail.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(4);
      assertThat(v.headHash()).isEqualTo(fourth.hash());
      List<AuditEntry> all = trail.entries();
      assertThat(all).extracting(AuditEntry::seq).containsExactly(0L, 1L, 2L, 3L);
      assertThat(all.get(1).prevHash()).isEqualTo(all.get(0).hash());
      assertThat(all.get(0).prevHash()).isEqualTo(AuditEntry.GENESIS_PREV);
      assertThat(all.get(0).eventId())
          .matches("[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
    }
  }

  @Test
  void anEditedRecordIsNamed() throws Exception {
    Path file = writeChain(5);
    List<String> lines = lines(file);
    lines.set(2, lines.get(2).replace("\"ALLOW\"", "\"BLOCK\""));
    write(file, lines);
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.firstBreak())
        .hasValueSatisfying(
            b -> {
              assertThat(b.kind()).isEqualTo(Kind.EDITED);
              assertThat(b.position()).isEqualTo(2);
              assertThat(b.line()).isEqualTo(3);
            });
    assertThat(v.headSeq()).isEqualTo(1);
  }

  @Test
  void aDeletedRecordIsNamed() throws Exception {
    Path file = writeChain(5);
    List<String> lines = lines(file);
    lines.remove(1);
    write(file, lines);
    ChainVerification.Break b = AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow();
    assertThat(b.kind()).isEqualTo(Kind.DELETED);
    assertThat(b.position()).isEqualTo(1);
  }

  @Test
  void reorderedRecordsAreNamed() throws Exception {
    Path file = writeChain(5);
    List<String> lines = lines(file);
    String third = lines.remove(3);
    lines.add(1, third);
    write(file, lines);
    ChainVerification.Break b = AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow();
    assertThat(b.kind()).isEqualTo(Kind.REORDERED);
    assertThat(b.position()).isEqualTo(1);
    assertThat(b.line()).isEqualTo(2);
  }

  @Test
  void swappedNeighboursAndDuplicatesAreReordered() throws Exception {
    Path file = writeChain(5);
    List<String> lines = lines(file);
    String two = lines.get(2);
    lines.set(2, lines.get(3));
    lines.set(3, two);
    write(file, lines);
    assertThat(AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow().kind())
        .isEqualTo(Kind.REORDERED);
    lines.set(3, lines.get(2));
    lines.set(2, two);
    lines.add(lines.get(1));
    write(file, lines);
    ChainVerification.Break b = AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow();
    assertThat(b.kind()).isEqualTo(Kind.REORDERED);
    assertThat(b.line()).isEqualTo(6);
  }

  @Test
  void aTornLastRecordIsTruncated() throws Exception {
    Path file = writeChain(3);
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() - 20));
    ChainVerification.Break b = AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow();
    assertThat(b.kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(b.position()).isEqualTo(2);
    // opening cuts the torn record back and says so in an alert record, the next in the chain
    try (AuditTrail trail = AuditTrail.file(file)) {
      List<AuditEntry> entries = trail.entries();
      assertThat(entries).extracting(AuditEntry::seq).containsExactly(0L, 1L, 2L);
      assertThat(entries.get(2).eventType()).isEqualTo("audit.repair");
      assertThat(entries.get(2).record()).containsEntry("reasonCode", "TORN_TAIL_CUT");
      assertThat(trail.append(new AuditEvent("ai.decision", Map.of("n", 3))).seq()).isEqualTo(3);
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void aFileWhoseOnlyRecordIsTornStartsAgainWithTheAlert() throws Exception {
    Path file = writeChain(1);
    String text = Files.readString(file);
    Files.writeString(file, text.substring(0, text.length() / 2));
    try (AuditTrail trail = AuditTrail.file(file)) {
      assertThat(trail.entries()).extracting(AuditEntry::eventType).containsExactly("audit.repair");
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void recordsCutFromTheEndAreCaughtByACheckpoint() throws Exception {
    Path file = writeChain(5);
    Checkpoint head;
    try (AuditTrail trail = AuditTrail.file(file)) {
      head = Checkpoint.of(trail.entries().get(4));
    }
    List<String> lines = lines(file);
    write(file, lines.subList(0, 3));
    assertThat(AuditVerifier.verifyFile(file, null).intact()).isTrue();
    ChainVerification v = AuditVerifier.verifyFile(file, head);
    assertThat(v.firstBreak().orElseThrow().kind()).isEqualTo(Kind.TRUNCATED);
    assertThat(v.describe()).contains("TRUNCATED");
  }

  @Test
  void concurrentAppendsKeepOneLinearChain() throws Exception {
    Path file = dir.resolve("concurrent.jsonl");
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (AuditTrail trail = AuditTrail.file(file, false)) {
      List<Future<AuditEntry>> futures = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        int n = i;
        futures.add(pool.submit(() -> trail.append(event(n))));
      }
      for (Future<AuditEntry> f : futures) f.get(60, TimeUnit.SECONDS);
      ChainVerification v = trail.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(200);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aMalformedMiddleRecordIsNamed() throws Exception {
    Path file = writeChain(4);
    List<String> lines = lines(file);
    lines.set(1, "{not json");
    write(file, lines);
    ChainVerification.Break b = AuditVerifier.verifyFile(file, null).firstBreak().orElseThrow();
    assertThat(b.kind()).isEqualTo(Kind.MALFORMED);
    assertThat(b.line()).isEqualTo(2);
  }
}
