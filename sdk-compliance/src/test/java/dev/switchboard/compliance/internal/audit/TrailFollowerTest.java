package dev.switchboard.compliance.internal.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Following a file trail as it grows: whole records only, never a preallocating trail's zeros; a
 * line still being written waits; a reported position resumes; a withdrawn record, a replaced file
 * and an oversized line fail the poll; a backlog comes a chunk at a time; another process appending
 * is followed record for record.
 */
class TrailFollowerTest extends TrailTestSupport {
  private static final long CHUNK = 64 * 1024;

  /** Generous: only a follower that never sees the other process's records would reach it. */
  private static final long TIMEOUT_SECONDS = 120;

  private FileAuditTrail trail(Path file, long preallocate) {
    return new FileAuditTrail(file, Sync.GROUP, Clock.systemUTC(), preallocate);
  }

  @ParameterizedTest(name = "preallocate={0}")
  @ValueSource(longs = {0, CHUNK})
  void followsATrailAsItAppendsAndNeverReturnsItsZeros(long preallocate) throws Exception {
    Path file = dir.resolve("audit.jsonl");
    List<String> seen = new ArrayList<>();
    try (FileAuditTrail trail = trail(file, preallocate);
        TrailFollower follower = TrailFollower.open(file, 0)) {
      assertThat(follower.poll()).isEmpty();
      for (int i = 0; i < 5; i++) trail.append(event(i));
      List<String> first = follower.poll();
      assertThat(first).hasSize(5);
      seen.addAll(first);
      for (int i = 5; i < 8; i++) trail.append(event(i));
      seen.addAll(follower.poll());
      assertThat(follower.poll()).isEmpty();
      if (preallocate > 0) assertThat(Files.size(file)).isGreaterThan(follower.position());
    }
    List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
    assertThat(seen).isEqualTo(stored).hasSize(8);
    assertThat(String.join("", seen)).doesNotContain("\0");

    try (TrailFollower again = TrailFollower.open(file, 0)) {
      assertThat(again.poll()).isEqualTo(stored);
      assertThat(again.position()).isEqualTo(Files.size(file));
    }
  }

  @Test
  void aReturnedLineParsesToTheEntryTheTrailReadsAndABadOneIsRefusedWithoutQuotingIt()
      throws Exception {
    Path file = dir.resolve("entries.jsonl");
    List<String> lines = records(file, 3);
    List<AuditEntry> stored = TrailFile.entries(file);
    for (int i = 0; i < lines.size(); i++) {
      AuditEntry e = TrailFollower.entry(lines.get(i));
      assertThat(e.seq()).isEqualTo(stored.get(i).seq());
      assertThat(e.hash()).isEqualTo(stored.get(i).hash());
      assertThat(e.record()).isEqualTo(stored.get(i).record());
    }
    assertThatThrownBy(() -> TrailFollower.entry("{\"note\":\"Jane Roe, MRN 4471\"}"))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("not a well-formed audit record")
        .hasMessageNotContaining("Jane")
        .hasMessageNotContaining("4471");
  }

  @Test
  void aLineStillBeingWrittenIsReturnedOnceItsNewlineIsThere() throws Exception {
    Path file = dir.resolve("partial.jsonl");
    List<String> whole = records(file, 3);
    Files.write(file, new byte[0]);
    Files.writeString(file, whole.get(0) + "\n" + whole.get(1) + "\n", StandardCharsets.UTF_8);
    String third = whole.get(2);
    int half = third.length() / 2;
    append(file, third.substring(0, half).getBytes(StandardCharsets.UTF_8));

    try (TrailFollower follower = TrailFollower.open(file, 0)) {
      assertThat(follower.poll()).containsExactly(whole.get(0), whole.get(1));
      assertThat(follower.poll()).isEmpty();
      append(file, new byte[32]); // and zeros after it, as a preallocating trail leaves them
      assertThat(follower.poll()).isEmpty();
      // a line after the zeros: a hole a power cut left, which the trail cuts when it reopens
      append(file, "{\"later\":1}\n".getBytes(StandardCharsets.UTF_8));
      assertThat(follower.poll()).isEmpty();

      Files.writeString(
          file,
          whole.get(0) + "\n" + whole.get(1) + "\n" + third + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.TRUNCATE_EXISTING);
      assertThat(follower.poll()).containsExactly(third);
    }
  }

  @Test
  void aReportedPositionResumesAndOneInsideARecordIsRefused() throws Exception {
    Path file = dir.resolve("resume.jsonl");
    long position;
    try (FileAuditTrail trail = trail(file, 0)) {
      for (int i = 0; i < 3; i++) trail.append(event(i));
      try (TrailFollower follower = TrailFollower.open(file, 0)) {
        assertThat(follower.poll()).hasSize(3);
        position = follower.position();
      }
      trail.append(event(3));
      trail.append(event(4));
    }
    List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
    try (TrailFollower resumed = TrailFollower.open(file, position)) {
      assertThat(resumed.poll()).isEqualTo(stored.subList(3, 5));
    }

    assertThatThrownBy(() -> TrailFollower.open(file, position - 1))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("no record of " + file + " starts at byte " + (position - 1));
    long size = Files.size(file);
    assertThatThrownBy(() -> TrailFollower.open(file, size + 100))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("its records end at byte " + size);
    assertThatThrownBy(() -> TrailFollower.open(dir.resolve("none.jsonl"), 0))
        .isInstanceOf(AuditTrailException.class)
        .hasMessageContaining("does not exist");
  }

  @Test
  void aBoundedPollMovesPastTheRecordsItReturnsOnlyAndTheRestFollow() throws Exception {
    Path file = dir.resolve("bounded.jsonl");
    try (FileAuditTrail trail = trail(file, 0)) {
      for (int i = 0; i < 5; i++) trail.append(event(i));
      List<String> stored = Files.readAllLines(file, StandardCharsets.UTF_8);
      try (TrailFollower follower = TrailFollower.open(file, 0)) {
        assertThat(follower.poll(2)).isEqualTo(stored.subList(0, 2));
        long afterTwo = follower.position();
        assertThat(afterTwo)
            .isEqualTo(
                (stored.get(0) + "\n" + stored.get(1) + "\n")
                    .getBytes(StandardCharsets.UTF_8)
                    .length);
        try (TrailFollower resumed = TrailFollower.open(file, afterTwo)) {
          assertThat(resumed.poll()).isEqualTo(stored.subList(2, 5));
        }
        assertThat(follower.poll(1)).isEqualTo(stored.subList(2, 3));
        assertThat(follower.poll(10)).isEqualTo(stored.subList(3, 5));
        assertThat(follower.poll(10)).isEmpty();
        assertThatThrownBy(() -> follower.poll(0))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("max must be 1 or more, not 0");
      }
    }
  }

  @Test
  void aRecordWithdrawnAfterItWasReturnedFailsThePoll() throws Exception {
    Path file = dir.resolve("withdrawn.jsonl");
    List<String> stored = records(file, 3);
    try (TrailFollower follower = TrailFollower.open(file, 0)) {
      assertThat(follower.poll()).hasSize(3);

      // the trail cut its last batch back and wrote another record in its place
      long cut = Files.size(file) - stored.get(2).getBytes(StandardCharsets.UTF_8).length - 1;
      try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
        ch.truncate(cut);
      }
      try (FileAuditTrail trail = trail(file, 0)) {
        trail.append(new AuditEvent("ai.decision", Map.of("decision", "DENY")));
        trail.append(event(9));
      }
      assertThatThrownBy(follower::poll)
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("was rewritten before byte " + follower.position());
    }
  }

  @Test
  void aFileReplacedOrRemovedUnderItFailsThePoll() throws Exception {
    Path file = dir.resolve("replaced.jsonl");
    records(file, 2);
    Path other = dir.resolve("other.jsonl");
    records(other, 4);
    try (TrailFollower follower = TrailFollower.open(file, 0)) {
      assertThat(follower.poll()).hasSize(2);
      Files.move(other, file, StandardCopyOption.REPLACE_EXISTING);
      assertThatThrownBy(follower::poll)
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("now names another file");
      Files.delete(file);
      assertThatThrownBy(follower::poll)
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("was removed");
    }
  }

  @Test
  void aBacklogComesAChunkAtATimeAndALineLongerThanTheMaximumIsRefused() throws Exception {
    Path file = dir.resolve("backlog.jsonl");
    List<String> stored = records(file, 40);
    List<String> seen = new ArrayList<>();
    try (TrailFollower follower = TrailFollower.open(file, 0, 1024, 8192)) {
      int polls = 0;
      for (List<String> got; !(got = follower.poll()).isEmpty(); polls++) {
        assertThat(String.join("\n", got).length()).isLessThanOrEqualTo(1024);
        seen.addAll(got);
      }
      assertThat(seen).isEqualTo(stored);
      assertThat(polls).isGreaterThan(1);

      // a line longer than a chunk but within the maximum: the chunk grows for it
      String longer = "x".repeat(3000);
      append(file, (longer + "\n").getBytes(StandardCharsets.UTF_8));
      assertThat(follower.poll()).containsExactly(longer);

      append(file, ("y".repeat(20_000) + "\n").getBytes(StandardCharsets.UTF_8));
      assertThatThrownBy(follower::poll)
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("longer than 8192 bytes");
    }
  }

  @Test
  void anotherProcessAppendingWithPreallocationIsFollowedRecordForRecord() throws Exception {
    Path file = dir.resolve("shared.jsonl");
    records(file, 1); // the file exists before the follower opens it
    Path out = dir.resolve("child.out");
    int count = 300;
    List<String> seen = new ArrayList<>();
    try (TrailFollower follower = TrailFollower.open(file, 0)) {
      Process child =
          AuditAppenderProcess.start(
              out, file.toString(), "GROUP", String.valueOf(count), "preallocate=" + CHUNK);
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
      while (seen.size() < count + 1 && System.nanoTime() < deadline) {
        List<String> got = follower.poll();
        seen.addAll(got);
        if (got.isEmpty()) Thread.sleep(2);
      }
      assertThat(child.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(child.exitValue()).isZero();
    }
    assertThat(seen).isEqualTo(Files.readAllLines(file, StandardCharsets.UTF_8));
    assertThat(seen).hasSize(count + 1);
    for (int i = 0; i < seen.size(); i++)
      assertThat(seen.get(i)).containsPattern("\"seq\":" + i + "[,}]");
  }

  /** A closed trail of n records at {@code file}; returns its lines. */
  private List<String> records(Path file, int n) throws Exception {
    try (FileAuditTrail trail = trail(file, 0)) {
      for (int i = 0; i < n; i++) trail.append(event(i));
    }
    return Files.readAllLines(file, StandardCharsets.UTF_8);
  }

  private static void append(Path file, byte[] bytes) throws Exception {
    Files.write(file, bytes, StandardOpenOption.APPEND);
  }
}
