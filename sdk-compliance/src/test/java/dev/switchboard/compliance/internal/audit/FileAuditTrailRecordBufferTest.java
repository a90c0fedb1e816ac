package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A caller's record is prepared in its thread's reused buffer: every way of appending gives the
 * buffer back once it returns, so the thread's next record reuses it, and the records written from
 * one reused buffer form a chain that verifies.
 */
class FileAuditTrailRecordBufferTest {
  @TempDir Path dir;

  private static AuditEvent event(int i) {
    return new AuditEvent("ai.decision", Map.of("decision", "ALLOW", "ruleIds", List.of("r" + i)));
  }

  /** True if this thread's buffer is free: borrowing it again hands out the same one. */
  private static boolean threadBufferFree(RecordBuffer mine) {
    RecordBuffer b = RecordBuffer.borrow();
    try {
      return b == mine;
    } finally {
      b.giveBack();
    }
  }

  @ParameterizedTest
  @EnumSource(Sync.class)
  void everyAppendGivesTheThreadsBufferBack(Sync sync) {
    RecordBuffer mine = RecordBuffer.borrow();
    mine.giveBack();
    Path file = dir.resolve("audit-" + sync + ".jsonl");
    try (FileAuditTrail trail = new FileAuditTrail(file, sync, Clock.systemUTC())) {
      trail.append(event(1));
      assertThat(threadBufferFree(mine)).as("append").isTrue();
      trail.appendDeferred(event(2));
      assertThat(threadBufferFree(mine)).as("appendDeferred").isTrue();
      trail.appendForEventId(event(3), false);
      assertThat(threadBufferFree(mine)).as("appendForEventId").isTrue();
      trail.appendForEventId(event(4), true);
      assertThat(threadBufferFree(mine)).as("appendForEventId, outcome").isTrue();
      PendingRecord decision = trail.appendDecision(event(5));
      assertThat(threadBufferFree(mine)).as("appendDecision").isTrue();
      trail.appendForEventId(event(6), true); // its outcome, prepared while the decision's fsync
      decision.awaitDurable(); // may still run (overlap): written already, its bytes not read again
    }
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).as(v.describe()).isTrue();
    assertThat(v.records()).isEqualTo(6);
  }

  @Test
  void aClosedTrailGivesTheBufferBackToo() {
    RecordBuffer mine = RecordBuffer.borrow();
    mine.giveBack();
    FileAuditTrail trail =
        new FileAuditTrail(dir.resolve("closed.jsonl"), Sync.OS, Clock.systemUTC());
    trail.close();
    try {
      trail.appendForEventId(event(1), false);
    } catch (RuntimeException expected) {
      // the trail is closed
    }
    assertThat(threadBufferFree(mine)).isTrue();
  }
}
