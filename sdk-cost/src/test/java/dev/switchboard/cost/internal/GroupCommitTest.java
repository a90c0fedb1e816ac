package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  /** A writer whose first batch waits for {@link #release}, so that others queue behind it. */
  private static final class HeldWriter implements GroupCommit.Writer<String> {
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final CountDownLatch firstEntered = new CountDownLatch(1);
    final CountDownLatch release = new CountDownLatch(1);
    final String failingState;

    HeldWriter(String failingState) {
      this.failingState = failingState;
    }

    @Override
    public void write(List<String> batch) throws SQLException {
      batches.add(List.copyOf(batch));
      if (firstEntered.getCount() > 0) {
        firstEntered.countDown();
        try {
          release.await();
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }
      if (failingState != null && batch.stream().anyMatch(s -> s.startsWith("bad"))) {
        throw new SQLException("rejected", failingState);
      }
    }
  }

  /** Submits each item on a thread of its own; outcomes by item ("ok" or the SQLState). */
  private static Map<String, String> submitBehindAHeldBatch(HeldWriter w, String... items)
      throws Exception {
    GroupCommit<String> commits = new GroupCommit<>(w, 64);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    List<Thread> threads = new ArrayList<>();
    Thread first = submitter(commits, "first", outcomes);
    first.start();
    w.firstEntered.await();
    for (String item : items) {
      Thread t = submitter(commits, item, outcomes);
      threads.add(t);
      t.start();
    }
    // Every later item is queued (its thread parked) before the held batch commits.
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
    }
    w.release.countDown();
    first.join();
    for (Thread t : threads) t.join();
    return outcomes;
  }

  private static Thread submitter(
      GroupCommit<String> commits, String item, Map<String, String> outcomes) {
    return new Thread(
        () -> {
          try {
            commits.submit(item);
            outcomes.put(item, "ok");
          } catch (SQLException e) {
            outcomes.put(item, e.getSQLState() == null ? "failed" : e.getSQLState());
          } catch (Error e) {
            outcomes.put(item, "error");
          }
        });
  }

  @Test
  void itemsArrivingDuringACommitGoTogetherInTheNextBatch() throws Exception {
    HeldWriter w = new HeldWriter(null);

    Map<String, String> outcomes = submitBehindAHeldBatch(w, "a", "b", "c");

    assertThat(w.batches).hasSize(2);
    assertThat(w.batches.get(0)).containsExactly("first");
    assertThat(w.batches.get(1)).containsExactlyInAnyOrder("a", "b", "c");
    assertThat(outcomes).containsOnlyKeys("first", "a", "b", "c");
    assertThat(outcomes.values()).containsOnly("ok");
  }

  @Test
  void aLoneItemIsWrittenAtOnceOnItsOwnThread() throws Exception {
    List<List<String>> batches = new ArrayList<>();
    GroupCommit<String> commits = new GroupCommit<>(b -> batches.add(List.copyOf(b)), 64);

    commits.submit("x");
    commits.submit("y");

    assertThat(batches).containsExactly(List.of("x"), List.of("y"));
  }

  @Test
  void aBadItemFailsOnlyItsOwnCaller() throws Exception {
    HeldWriter w = new HeldWriter("22001"); // value too long

    Map<String, String> outcomes = submitBehindAHeldBatch(w, "a", "bad", "c");

    assertThat(outcomes)
        .containsEntry("first", "ok")
        .containsEntry("a", "ok")
        .containsEntry("c", "ok")
        .containsEntry("bad", "22001");
    // the batch of three failed as a whole, then each was written alone
    assertThat(w.batches).hasSize(5);
    assertThat(w.batches.subList(2, 5))
        .containsExactlyInAnyOrder(List.of("a"), List.of("bad"), List.of("c"));
  }

  @Test
  void aConnectionFailureFailsTheWholeBatchWithoutRetryingEachItem() throws Exception {
    HeldWriter w = new HeldWriter("08006"); // connection failure

    Map<String, String> outcomes = submitBehindAHeldBatch(w, "a", "bad", "c");

    assertThat(outcomes)
        .containsEntry("first", "ok")
        .containsEntry("a", "08006")
        .containsEntry("bad", "08006")
        .containsEntry("c", "08006");
    assertThat(w.batches).hasSize(2);
  }

  @Test
  void anErrorWhileWritingLeavesNoItemOfItsBatchTakenForCommitted() throws Exception {
    HeldWriter held = new HeldWriter(null);
    GroupCommit.Writer<String> failing =
        batch -> {
          held.write(batch);
          if (!batch.contains("first")) throw new AssertionError("out of memory, say");
        };
    GroupCommit<String> commits = new GroupCommit<>(failing, 64);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    Thread first = submitter(commits, "first", outcomes);
    first.start();
    held.firstEntered.await();
    List<Thread> threads = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      Thread t = submitter(commits, item, outcomes);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
    }
    held.release.countDown();
    first.join();
    for (Thread t : threads) t.join();

    assertThat(outcomes).containsEntry("first", "ok");
    // the leader sees the Error itself, the others a failure: none returns as if committed
    assertThat(List.of(outcomes.get("a"), outcomes.get("b"), outcomes.get("c")))
        .containsExactlyInAnyOrder("error", "failed", "failed");
  }

  @Test
  void aBatchHoldsAtMostItsBound() throws Exception {
    HeldWriter w = new HeldWriter(null);
    GroupCommit<String> commits = new GroupCommit<>(w, 2);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    Thread first = submitter(commits, "first", outcomes);
    first.start();
    w.firstEntered.await();
    List<Thread> threads = new ArrayList<>();
    for (String item : List.of("a", "b", "c")) {
      Thread t = submitter(commits, item, outcomes);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      while (t.getState() != Thread.State.WAITING) Thread.onSpinWait();
    }
    w.release.countDown();
    first.join();
    for (Thread t : threads) t.join();

    assertThat(w.batches).hasSize(3);
    assertThat(w.batches.get(1)).hasSize(2);
    assertThat(w.batches.get(2)).hasSize(1);
    assertThat(outcomes.values()).hasSize(4).containsOnly("ok");
  }
}
