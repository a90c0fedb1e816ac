package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What a power cut leaves after a failed fsync. After a writeback error Linux marks the failed
 * pages clean, so a later fsync of the file no longer carries them ({@link ScriptedDiskChannel}
 * keeps the disk as that leaves it). The batch whose fsync failed is cut back and its callers fail;
 * outcome records written before it, whose callers returned, must still reach the disk.
 */
class FileAuditTrailFailedFsyncTest extends TrailTestSupport {
  private final AtomicReference<ScriptedDiskChannel> disk = new AtomicReference<>();

  private FileAuditTrail trailFailingFsync(Path file, Sync sync, int failing) {
    return ScriptedDiskTrails.scripted(
        file,
        sync,
        call -> {
          if (call == failing) throw new IOException("disk gone (scripted)");
        },
        disk);
  }

  /** Verifies the file a power cut would leave now. */
  private ChainVerification afterPowerCut(String name) throws IOException {
    Path image = dir.resolve(name + ".after-power-cut.jsonl");
    Files.write(image, disk.get().powerCut());
    return AuditVerifier.verifyFile(image, null);
  }

  @ParameterizedTest
  @EnumSource(
      value = Sync.class,
      names = {"DECISIONS", "OVERLAP_DECISIONS"})
  void outcomeRecordsWrittenBeforeAFailedFsyncAreWrittenAgainAndForcedByTheNextBatch(Sync sync)
      throws Exception {
    Path file = dir.resolve(sync + ".jsonl");
    try (FileAuditTrail trail = trailFailingFsync(file, sync, 2)) {
      trail.appendDecision(event(0)).awaitDurable(); // fsync 1
      trail.appendDeferred(event(1)); // the outcome returns before any fsync carries it
      assertThatThrownBy(() -> trail.appendDecision(event(2)).awaitDurable()) // fsync 2 fails
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("IOException");
      trail.appendDecision(event(3)).awaitDurable(); // fsync 3

      ChainVerification cut = afterPowerCut(sync.name());
      assertThat(cut.intact()).as(cut.describe()).isTrue();
      assertThat(cut.records()).as("the decisions and the outcome before the failure").isEqualTo(3);
      assertThat(trail.entries()).hasSize(3);
    }
  }

  @Test
  void aCloseAfterAFailedFsyncWritesTheOutcomeRecordsAgainAndForcesThem() throws Exception {
    Path file = dir.resolve("close.jsonl");
    FileAuditTrail trail = trailFailingFsync(file, Sync.DECISIONS, 2);
    trail.append(event(0));
    trail.appendDeferred(event(1));
    assertThatThrownBy(() -> trail.append(event(2))).isInstanceOf(AuditTrailException.class);
    trail.close(); // no batch came after the failure: the close carries the outcome

    ChainVerification cut = afterPowerCut("close");
    assertThat(cut.intact()).as(cut.describe()).isTrue();
    assertThat(cut.records()).isEqualTo(2);
  }

  @Test
  void underGroupEveryReturnedRecordIsOnDiskAfterAFailedFsync() throws Exception {
    Path file = dir.resolve("group.jsonl");
    try (FileAuditTrail trail = trailFailingFsync(file, Sync.GROUP, 2)) {
      trail.append(event(0));
      assertThatThrownBy(() -> trail.append(event(1))).isInstanceOf(AuditTrailException.class);
      trail.append(event(2));

      ChainVerification cut = afterPowerCut("group");
      assertThat(cut.intact()).as(cut.describe()).isTrue();
      assertThat(cut.records()).isEqualTo(2);
    }
  }

  @Test
  void outcomeRecordsAreForcedOnceTheCopyKeptForARewriteWouldPassItsBound() throws Exception {
    Path file = dir.resolve("bound.jsonl");
    int[] forces = {0};
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(file, Sync.DECISIONS, call -> forces[0] = call)) {
      trail.append(event(0));
      long forced = Files.size(file);
      int i = 1;
      while (Files.size(file) - forced <= BatchWriter.UNFORCED_LIMIT) {
        assertThat(forces[0]).as("outcome records ride on the next fsync").isEqualTo(1);
        trail.appendDeferred(event(i++));
      }
      assertThat(forces[0])
          .as("the outcome that took the unforced lines past %d bytes", BatchWriter.UNFORCED_LIMIT)
          .isEqualTo(2);
      trail.appendDeferred(event(i));
      assertThat(forces[0]).as("after it, outcomes ride again").isEqualTo(2);
    }
  }
}
