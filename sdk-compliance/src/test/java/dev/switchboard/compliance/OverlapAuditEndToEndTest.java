package dev.switchboard.compliance;

import static dev.switchboard.compliance.ComplianceEndToEndTest.echoing;
import static dev.switchboard.compliance.ComplianceEndToEndTest.note;
import static dev.switchboard.compliance.ComplianceEndToEndTest.noteAndCleanTextToEmbed;
import static dev.switchboard.compliance.ComplianceEndToEndTest.phi;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.internal.audit.ScriptedDiskTrails;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.testing.ScriptedProvider;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The whole pipeline under {@code sync: overlap} and {@code overlap-decisions}, where the decision
 * record's fsync runs while the vendor is called: the answer is released, and its outcome recorded,
 * only once that fsync succeeded; a failed one fails the call though the vendor answered. The
 * pipeline is {@link ComplianceEndToEndTest}'s, on a file trail whose fsyncs the tests script.
 */
class OverlapAuditEndToEndTest {
  final ScriptedProvider global = echoing("global");
  final ScriptedProvider zone = echoing("zone-us");
  final ScriptedProvider onprem = echoing("onprem");
  ModelClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  ModelClient client(AuditTrail auditTrail) {
    client = ComplianceEndToEndTest.pipeline(global, zone, onprem, auditTrail);
    return client;
  }

  @ParameterizedTest
  @EnumSource(
      value = AuditTrail.Sync.class,
      names = {"OVERLAP", "OVERLAP_DECISIONS"})
  void overlapModesReleaseTheAnswerWithBothRecordsWritten(AuditTrail.Sync sync, @TempDir Path dir) {
    Path file = dir.resolve("overlap.jsonl");
    try (AuditTrail overlap = AuditTrail.file(file, sync)) {
      client(overlap);
      ChatResponse r = client.chat(note(phi(PurposeOfUse.TREAT)));
      assertThat(r.text()).startsWith("Echo: ");
      client.embed(noteAndCleanTextToEmbed());
      assertThat(overlap.entries())
          .extracting(AuditEntry::eventType)
          .containsExactly(
              "policy.load", "ai.decision", "ai.response", "ai.decision", "ai.response");
      assertThat(overlap.verify().intact()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = AuditTrail.Sync.class,
      names = {"OVERLAP", "OVERLAP_DECISIONS"})
  void anOverlappedDecisionWhoseFsyncFailsFailsTheCallThoughTheVendorAnswered(
      AuditTrail.Sync sync, @TempDir Path dir) {
    Path file = dir.resolve("overlap-fail.jsonl");
    try (AuditTrail failing =
        ScriptedDiskTrails.failingForce(file, sync, call -> call == 2 && vendorCalled(zone))) {
      client(failing); // fsync 1: the policy.load record
      assertThatThrownBy(() -> client.chat(note(phi(PurposeOfUse.TREAT))))
          .isInstanceOfSatisfying(
              ComplianceViolationException.class,
              e -> {
                assertThat(e.code()).isEqualTo(Code.AUDIT_UNAVAILABLE);
                assertThat(e.getCause())
                    .isInstanceOf(AuditTrailException.class)
                    .hasMessageContaining("IOException");
              });
      assertThat(zone.chats()).as("the vendor was called while the fsync ran").hasSize(1);
      assertThat(failing.entries())
          .as("the decision was cut back and nothing claims the call succeeded")
          .extracting(AuditEntry::eventType)
          .containsExactly("policy.load");
      // the trail goes on: the next call is recorded normally
      assertThat(client.chat(note(phi(PurposeOfUse.TREAT))).text()).startsWith("Echo: ");
      assertThat(failing.entries())
          .extracting(AuditEntry::eventType)
          .containsExactly("policy.load", "ai.decision", "ai.response");
      assertThat(failing.verify().intact()).isTrue();
    }
  }

  @ParameterizedTest
  @EnumSource(
      value = AuditTrail.Sync.class,
      names = {"OVERLAP", "OVERLAP_DECISIONS"})
  void aWholeAnswerIsNeitherReturnedNorRecordedBeforeItsDecisionsFsyncEnds(
      AuditTrail.Sync sync, @TempDir Path dir) throws Exception {
    AtomicReference<ChatResponse> returned = new AtomicReference<>();
    whileTheDecisionsFsyncIsHeld(
        sync,
        dir,
        () -> {
          returned.set(client.chat(note(phi(PurposeOfUse.TREAT))));
          return returned.get().text();
        },
        () -> returned.get() == null);
  }

  @ParameterizedTest
  @EnumSource(
      value = AuditTrail.Sync.class,
      names = {"OVERLAP", "OVERLAP_DECISIONS"})
  void aStreamsFirstEventIsNotReleasedBeforeItsDecisionsFsyncEnds(
      AuditTrail.Sync sync, @TempDir Path dir) throws Exception {
    AtomicReference<ChatEvent> first = new AtomicReference<>();
    whileTheDecisionsFsyncIsHeld(
        sync,
        dir,
        () -> {
          StringBuilder text = new StringBuilder();
          try (ChatStream stream = client.stream(note(phi(PurposeOfUse.TREAT)))) {
            for (ChatEvent e : stream) {
              first.compareAndSet(null, e);
              if (e instanceof ChatEvent.TextDelta d) text.append(d.text());
            }
          }
          return text.toString();
        },
        () -> first.get() == null);
  }

  /**
   * Makes {@code call} on a thread of its own with the decision record's fsync held until the
   * vendor has answered and the caller waits: nothing is released ({@code nothingReleased}) and no
   * outcome is written meanwhile; once the fsync ends, the answer and the outcome follow.
   */
  private void whileTheDecisionsFsyncIsHeld(
      AuditTrail.Sync sync, Path dir, Callable<String> call, BooleanSupplier nothingReleased)
      throws Exception {
    Path file = dir.resolve("overlap-held.jsonl");
    CountDownLatch release = new CountDownLatch(1);
    ExecutorService caller = Executors.newSingleThreadExecutor();
    try (AuditTrail held =
        ScriptedDiskTrails.failingForce(
            file, sync, n -> n == 2 && !awaitQuietly(release))) { // fsync 2: the decision
      client(held);
      try {
        AtomicReference<Thread> callingThread = new AtomicReference<>();
        Future<String> answer =
            caller.submit(
                () -> {
                  callingThread.set(Thread.currentThread());
                  return call.call();
                });
        vendorCalled(zone);
        awaitParked(answer, callingThread);

        assertThat(nothingReleased.getAsBoolean())
            .as("nothing of the answer is released while the decision is forced")
            .isTrue();
        assertThat(Files.readString(file))
            .as("written: the policy and the decision, and no outcome yet")
            .contains("\"ai.decision\"")
            .doesNotContain("\"ai.response\"");

        release.countDown();
        assertThat(answer.get(120, TimeUnit.SECONDS)).startsWith("Echo: ");
        assertThat(held.entries())
            .extracting(AuditEntry::eventType)
            .containsExactly("policy.load", "ai.decision", "ai.response");
      } finally {
        release.countDown(); // before the trail's close, which waits for the held fsync
      }
    } finally {
      caller.shutdownNow();
    }
  }

  private static boolean awaitQuietly(CountDownLatch latch) {
    try {
      return latch.await(120, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /**
   * Waits (without a time bound that load could break) until the caller parks: the in-memory vendor
   * answered at once, so it waits on the audit trail, behind the held fsync.
   */
  private static void awaitParked(Future<?> answer, AtomicReference<Thread> thread)
      throws InterruptedException {
    for (int i = 0; i < 120_000 && !answer.isDone(); i++) {
      Thread t = thread.get();
      if (t != null && t.getState() == Thread.State.WAITING) return;
      Thread.sleep(1);
    }
  }

  /** Holds the scripted fsync until the vendor has the request: the overlap, made certain. */
  private static boolean vendorCalled(ScriptedProvider vendor) {
    try {
      for (int i = 0; i < 120_000 && vendor.chats().isEmpty(); i++) Thread.sleep(1);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }
}
