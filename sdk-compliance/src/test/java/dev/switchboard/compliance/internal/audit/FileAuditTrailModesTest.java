package dev.switchboard.compliance.internal.audit;

import static dev.switchboard.compliance.internal.audit.HeldFsync.TIMEOUT_SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.AuditVerifier;
import dev.switchboard.compliance.audit.ChainVerification;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * The file trail's durability modes beside plain group commit: {@code decisions} lets outcome
 * records ride on the next fsync, {@code overlap} forces a decision while the vendor is called,
 * {@code overlap-decisions} does both, and every other mode returns a decision durable.
 */
class FileAuditTrailModesTest extends TrailTestSupport {

  @Test
  void decisionsModeForcesDecisionRecordsAndLetsOutcomeRecordsRideOnTheNextFsync()
      throws Exception {
    Path file = dir.resolve("decisions.jsonl");
    int[] forces = {0};
    FileAuditTrail trail =
        ScriptedDiskTrails.scripted(file, Sync.DECISIONS, call -> forces[0] = call);
    trail.append(event(0)); // decision: forced before the vendor would be called
    assertThat(forces[0]).isEqualTo(1);
    trail.appendDeferred(event(1)); // outcome: written, not waited on
    trail.appendDeferred(event(2));
    assertThat(forces[0]).isEqualTo(1);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(3);
    trail.append(event(3)); // the next decision's fsync covers the outcomes before it
    assertThat(forces[0]).isEqualTo(2);
    trail.appendDeferred(event(4));
    assertThat(forces[0]).isEqualTo(2);
    trail.close(); // and close forces what is left
    assertThat(forces[0]).isEqualTo(3);
    assertThat(AuditVerifier.verifyFile(file, null).records()).isEqualTo(5);

    int[] groupForces = {0};
    try (FileAuditTrail group =
        ScriptedDiskTrails.scripted(
            dir.resolve("group-deferred.jsonl"), Sync.GROUP, call -> groupForces[0] = call)) {
      group.appendDeferred(event(0));
      assertThat(groupForces[0]).as("group waits for every record").isEqualTo(1);
    }
  }

  @Test
  void overlapReturnsTheDecisionBeforeItsFsyncAndItsAwaitWaitsForIt() throws Exception {
    Path file = dir.resolve("overlap.jsonl");
    HeldFsync fsync = new HeldFsync(1);
    try (FileAuditTrail trail = ScriptedDiskTrails.scripted(file, Sync.OVERLAP, fsync::onForce)) {
      // returns while its fsync is held: the caller would now be calling the vendor
      PendingRecord decision = trail.appendDecision(event(0));
      fsync.awaitStarted();
      assertThat(decision.mayBePending()).isTrue();
      Future<?> awaiting = pool.submit(decision::awaitDurable);
      // a plain append queued behind it waits for its own fsync too
      Future<AuditEntry> outcome = pool.submit(() -> trail.append(event(1)));
      ScriptedDiskTrails.awaitQueued(trail, 1);
      assertThat(awaiting.isDone()).as("the await ends only after the fsync").isFalse();
      assertThat(outcome.isDone()).isFalse();
      fsync.release();
      awaiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq()).isEqualTo(1);
      assertThat(trail.entries().get(0).eventId()).isEqualTo(decision.eventId());
      assertThat(trail.verify().intact()).isTrue();
      // direct appends are never left pending
      assertThat(trail.append(event(2)).seq()).isEqualTo(2);
    }
  }

  @Test
  void overlapDecisionsOverlapsTheDecisionsFsyncAndLetsOutcomesRideOnTheNextOne() throws Exception {
    Path file = dir.resolve("overlap-decisions.jsonl");
    HeldFsync fsync = new HeldFsync(1);
    AtomicInteger forces = new AtomicInteger();
    FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.OVERLAP_DECISIONS,
            call -> {
              forces.set(call);
              fsync.onForce(call);
            });
    // the decision returns while its fsync is held: the caller would now be calling the vendor
    PendingRecord decision = trail.appendDecision(event(0));
    fsync.awaitStarted();
    assertThat(decision.mayBePending()).isTrue();
    Future<?> awaiting = pool.submit(decision::awaitDurable);
    fsync.release();
    awaiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
    assertThat(forces.get()).isEqualTo(1);
    // the outcome is written before the call returns, and not waited on
    trail.appendForEventId(event(1), true);
    assertThat(forces.get()).isEqualTo(1);
    assertThat(Files.readAllLines(file, StandardCharsets.UTF_8)).hasSize(2);
    // the next decision's fsync covers it
    trail.appendDecision(event(2)).awaitDurable();
    assertThat(forces.get()).isEqualTo(2);
    trail.appendDeferred(event(3));
    assertThat(forces.get()).isEqualTo(2);
    trail.close(); // and close forces what is left
    assertThat(forces.get()).isEqualTo(3);
    ChainVerification v = AuditVerifier.verifyFile(file, null);
    assertThat(v.intact()).isTrue();
    assertThat(v.records()).isEqualTo(4);
  }

  @Test
  void aLoneOverlapCallerWritesItsDecisionItselfAndHandsOnlyTheFsyncOver() throws Exception {
    Path file = dir.resolve("overlap-lone.jsonl");
    HeldFsync fsync = new HeldFsync(1);
    AtomicReference<String> forcedOn = new AtomicReference<>();
    AtomicReference<ScriptedDiskChannel> channel = new AtomicReference<>();
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.OVERLAP,
            call -> {
              if (call == 1) forcedOn.set(Thread.currentThread().getName());
              fsync.onForce(call);
            },
            channel)) {
      PendingRecord decision = trail.appendDecision(event(0));
      // no other thread had to wake up before the caller could go on to the vendor
      assertThat(channel.get().lastWriter).isEqualTo(Thread.currentThread().getName());
      fsync.awaitStarted();
      assertThat(forcedOn.get()).isEqualTo(SyncThread.NAME);
      // the fsync still holds the lead: a record queued now waits for it, then gets its own
      Future<AuditEntry> next = pool.submit(() -> trail.append(event(1)));
      ScriptedDiskTrails.awaitQueued(trail, 1);
      assertThat(next.isDone()).isFalse();
      fsync.release();
      decision.awaitDurable();
      assertThat(next.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq()).isEqualTo(1);
      assertThat(trail.stats()[2])
          .as("two fsyncs: the decision's, then the next record's")
          .isEqualTo(2);
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void aFailedFsyncOfAnOverlappedDecisionFailsItsAwaitAndCutsItBack() throws Exception {
    Path file = dir.resolve("overlap-fail.jsonl");
    CountDownLatch callerWentOn = new CountDownLatch(1);
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.OVERLAP,
            call -> {
              if (call == 1) {
                HeldFsync.await(callerWentOn); // the caller is calling the vendor now
                throw new IOException("disk gone (scripted)");
              }
            })) {
      PendingRecord decision = trail.appendDecision(event(0));
      assertThat(Files.readAllLines(file, StandardCharsets.UTF_8))
          .as("written before the caller goes on")
          .hasSize(1);
      callerWentOn.countDown();
      assertThatThrownBy(decision::awaitDurable)
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("cannot be written")
          .hasMessageContaining("IOException");
      assertThat(Files.size(file)).as("cut back to where the batch began").isZero();
      PendingRecord next = trail.appendDecision(event(1));
      next.awaitDurable();
      assertThat(trail.entries()).extracting(AuditEntry::seq).containsExactly(0L);
      assertThat(trail.entries().get(0).eventId()).isEqualTo(next.eventId());
    }
  }

  @Test
  void aCallerWhoseRecordIsDoneLeavesAQueuedOverlappedBatchToTheSyncThread() throws Exception {
    Path file = dir.resolve("overlap-handoff.jsonl");
    HeldFsync first = new HeldFsync(1);
    HeldFsync second = new HeldFsync(2);
    try (FileAuditTrail trail =
        ScriptedDiskTrails.scripted(
            file,
            Sync.OVERLAP,
            call -> {
              first.onForce(call);
              second.onForce(call);
            })) {
      Future<AuditEntry> outcome = pool.submit(() -> trail.append(event(0)));
      first.awaitStarted();
      Future<PendingRecord> decision = pool.submit(() -> trail.appendDecision(event(1)));
      ScriptedDiskTrails.awaitQueued(trail, 1);
      first.release();
      // the outcome's caller returns although the decision's fsync is still held
      assertThat(outcome.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).seq()).isZero();
      second.awaitStarted();
      PendingRecord pending = decision.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      Future<?> awaiting = pool.submit(pending::awaitDurable);
      second.release();
      awaiting.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
      assertThat(trail.verify().records()).isEqualTo(2);
    }
  }

  @Test
  void otherModesReturnTheDecisionDurable() throws Exception {
    for (Sync mode : List.of(Sync.GROUP, Sync.EVERY_RECORD, Sync.DECISIONS)) {
      int[] forces = {0};
      try (FileAuditTrail trail =
          ScriptedDiskTrails.scripted(
              dir.resolve(mode + ".jsonl"), mode, call -> forces[0] = call)) {
        PendingRecord decision = trail.appendDecision(event(0));
        assertThat(decision.mayBePending()).isFalse();
        assertThat(forces[0]).as(mode + " forced it before returning").isEqualTo(1);
      }
    }
  }

  @Test
  void configValuesNameTheModes() {
    assertThat(Sync.parse("every-record")).isEqualTo(Sync.EVERY_RECORD);
    assertThat(Sync.parse("group")).isEqualTo(Sync.GROUP);
    assertThat(Sync.parse("os")).isEqualTo(Sync.OS);
    assertThat(Sync.parse("decisions")).isEqualTo(Sync.DECISIONS);
    assertThat(Sync.parse("overlap")).isEqualTo(Sync.OVERLAP);
    assertThat(Sync.parse("overlap-decisions")).isEqualTo(Sync.OVERLAP_DECISIONS);
    assertThat(Sync.parse(true)).isEqualTo(Sync.GROUP);
    assertThat(Sync.parse(false)).isEqualTo(Sync.OS);
    assertThat(Sync.parse("true")).isEqualTo(Sync.GROUP);
    assertThat(Sync.parse("always")).isNull();
    assertThat(Sync.parse(null)).isNull();
  }
}
