package dev.switchboard.jdbc.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * The shared group-commit loop, with a flush that writes nothing: it records the batches it is
 * given and an outcome in each item. Threads are put in order with latches and by waiting until
 * each is parked in the loop (its blocker is the group commit), never by sleeping; the one timeout,
 * {@link #GUARD}, only turns a hang into a failure.
 */
class GroupCommitTest {
  private static final long GUARD = 60;

  /** An item and what the flush made of it. */
  private static final class Item {
    final String name;
    volatile String outcome;

    Item(String name) {
      this.name = name;
    }
  }

  /**
   * A flush that records each batch and who ran it, fails every item of a batch that holds an item
   * named {@code bad*} (as a fail-closed writer does), throws an {@link AssertionError} for a batch
   * that holds {@code boom}, and holds a batch that contains an item named in {@link #hold} until
   * that item's latch is released.
   */
  private static final class TestFlush implements GroupCommit.Flush<Item> {
    final List<List<String>> batches = Collections.synchronizedList(new ArrayList<>());
    final Map<String, Thread> ranBy = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> entered = new ConcurrentHashMap<>();
    final Map<String, CountDownLatch> release = new ConcurrentHashMap<>();
    final AtomicInteger running = new AtomicInteger();
    final AtomicInteger mostRunning = new AtomicInteger();

    TestFlush hold(String... names) {
      for (String n : names) {
        entered.put(n, new CountDownLatch(1));
        release.put(n, new CountDownLatch(1));
      }
      return this;
    }

    @Override
    public void flush(List<Item> batch) {
      int now = running.incrementAndGet();
      mostRunning.accumulateAndGet(now, Math::max);
      try {
        List<String> names = batch.stream().map(i -> i.name).toList();
        batches.add(names);
        for (String n : names) ranBy.put(n, Thread.currentThread());
        for (String n : names) {
          if (entered.containsKey(n)) {
            entered.get(n).countDown();
            awaitKeepingInterrupts(release.get(n));
          }
        }
        if (names.contains("boom")) throw new AssertionError("out of memory, say");
        boolean bad = names.stream().anyMatch(n -> n.startsWith("bad"));
        for (Item i : batch) i.outcome = bad ? "failed" : "written";
      } finally {
        running.decrementAndGet();
      }
    }
  }

  /** What each submitting thread saw: its item's outcome, or what submit threw. */
  private final Map<String, Object> seen = new ConcurrentHashMap<>();

  /** Starts a thread submitting {@code name}; what it sees goes to {@link #seen}. */
  private Thread submit(GroupCommit<Item> commits, String name) {
    Item item = new Item(name);
    Thread t =
        new Thread(
            () -> {
              try {
                commits.submit(item);
                seen.put(name, item.outcome == null ? "no outcome" : item.outcome);
              } catch (GroupCommit.FlushFailed e) {
                seen.put(name, e);
              } catch (Error e) {
                seen.put(name, e);
              }
            },
            name);
    t.start();
    return t;
  }

  /** Starts a submitter and returns once it is parked in the loop: its item is queued. */
  private Thread queued(GroupCommit<Item> commits, String name) {
    Thread t = submit(commits, name);
    while (LockSupport.getBlocker(t) != commits) {
      assertThat(t.isAlive()).as(name + " is still waiting").isTrue();
      Thread.onSpinWait();
    }
    return t;
  }

  /**
   * Starts "first" and holds its batch in the flush, queues {@code names} behind it in that order,
   * then lets "first" go and waits until every submitter has returned.
   */
  private void queueBehindFirst(GroupCommit<Item> commits, TestFlush flush, String... names)
      throws InterruptedException {
    List<Thread> threads = new ArrayList<>(List.of(submit(commits, "first")));
    await(flush.entered.get("first"));
    for (String name : names) threads.add(queued(commits, name));
    flush.release.get("first").countDown();
    join(threads.toArray(Thread[]::new));
  }

  private static void await(CountDownLatch latch) {
    try {
      assertThat(latch.await(GUARD, TimeUnit.SECONDS)).as("latch reached").isTrue();
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  /** Waits for the latch as a flush waits for its database: an interrupt is kept, not thrown. */
  private static void awaitKeepingInterrupts(CountDownLatch latch) {
    boolean interrupted = false;
    while (true) {
      try {
        assertThat(latch.await(GUARD, TimeUnit.SECONDS)).as("latch reached").isTrue();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) Thread.currentThread().interrupt();
  }

  private static void join(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(TimeUnit.SECONDS.toMillis(GUARD));
      assertThat(t.isAlive()).as(t.getName() + " finished").isFalse();
    }
  }

  @Test
  void aLoneItemIsWrittenAtOnceOnItsOwnThread() throws Exception {
    TestFlush flush = new TestFlush();
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 64);
    Item x = new Item("x");
    Item y = new Item("y");

    commits.submit(x);
    commits.submit(y);

    assertThat(flush.batches).containsExactly(List.of("x"), List.of("y"));
    assertThat(flush.ranBy).containsEntry("x", Thread.currentThread());
    assertThat(x.outcome).isEqualTo("written");
    assertThat(y.outcome).isEqualTo("written");
  }

  @Test
  void itemsArrivingDuringAWriteGoTogetherInTheNextBatch() throws Exception {
    TestFlush flush = new TestFlush().hold("first");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 64);
    queueBehindFirst(commits, flush, "a", "b", "c");

    assertThat(flush.batches).containsExactly(List.of("first"), List.of("a", "b", "c"));
    assertThat(seen)
        .containsOnlyKeys("first", "a", "b", "c")
        .allSatisfy((name, outcome) -> assertThat(outcome).isEqualTo("written"));
  }

  @Test
  void aBatchHoldsAtMostItsBound() throws Exception {
    TestFlush flush = new TestFlush().hold("first");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 2);
    queueBehindFirst(commits, flush, "a", "b", "c");

    assertThat(flush.batches).containsExactly(List.of("first"), List.of("a", "b"), List.of("c"));
    assertThat(seen.values()).hasSize(4).containsOnly("written");
  }

  @Test
  void aFailedBatchFailsExactlyItsOwnCallers() throws Exception {
    TestFlush flush = new TestFlush().hold("first");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 2);
    queueBehindFirst(commits, flush, "a", "bad", "c");

    assertThat(flush.batches).containsExactly(List.of("first"), List.of("a", "bad"), List.of("c"));
    assertThat(seen)
        .containsEntry("first", "written")
        .containsEntry("a", "failed")
        .containsEntry("bad", "failed")
        .containsEntry("c", "written");
  }

  @Test
  void aThrowingFlushFailsEveryItemOfItsBatchAndNoOther() throws Exception {
    TestFlush flush = new TestFlush().hold("first");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 3);
    queueBehindFirst(commits, flush, "a", "boom", "b", "c");

    assertThat(flush.batches)
        .containsExactly(List.of("first"), List.of("a", "boom", "b"), List.of("c"));
    assertThat(seen).containsEntry("first", "written").containsEntry("c", "written");
    // The thread that ran the flush gets its Error itself; the others a failure caused by it.
    // None returns as if its item were written.
    Thread leader = flush.ranBy.get("boom");
    Object thrown = seen.get(leader.getName());
    assertThat(thrown).isInstanceOf(AssertionError.class);
    for (String other : List.of("a", "boom", "b")) {
      if (other.equals(leader.getName())) continue;
      assertThat(seen.get(other))
          .isInstanceOf(GroupCommit.FlushFailed.class)
          .extracting(e -> ((Throwable) e).getCause())
          .isSameAs(thrown);
    }
  }

  /**
   * A thread can lead a batch that does not hold its own item: a submitter that finds a slot free
   * before the woken owner of the oldest item does, or one woken spuriously. Here the test wakes
   * "late" again and again (as a spurious wake-up would) while the slot frees, so either its owner
   * or boom's leads [boom]; which one is up to the scheduler, so each round checks what must hold
   * either way, and rounds repeat until the second case has been seen (or the rounds run out).
   */
  @Test
  void aLeaderWhoseFlushThrowsLeavesNoItemOfItsOwnBehindAndHandsOnTheLead() throws Exception {
    boolean sawStrangerLead = false;
    for (int round = 0; round < 200 && !sawStrangerLead; round++) {
      seen.clear();
      TestFlush flush = new TestFlush().hold("first");
      GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 1);
      Thread first = submit(commits, "first");
      await(flush.entered.get("first"));
      Thread boom = queued(commits, "boom");
      Thread late = queued(commits, "late");
      Thread next = queued(commits, "next");

      flush.release.get("first").countDown();
      while (!seen.containsKey("boom") && late.isAlive()) LockSupport.unpark(late);
      join(first, boom, late, next);

      Thread leader = flush.ranBy.get("boom");
      assertThat(seen.get(leader.getName())).isInstanceOf(AssertionError.class);
      // The lead went on: the item queued after them was written.
      assertThat(seen).containsEntry("first", "written").containsEntry("next", "written");
      if (leader == late) {
        sawStrangerLead = true;
        assertThat(seen.get("boom")).isInstanceOf(GroupCommit.FlushFailed.class);
        // Its caller got the Error, so its own item was withdrawn, never written.
        assertThat(flush.batches)
            .containsExactly(List.of("first"), List.of("boom"), List.of("next"));
      } else {
        assertThat(leader).isSameAs(boom);
        assertThat(seen).containsEntry("late", "written");
        assertThat(flush.batches)
            .containsExactly(List.of("first"), List.of("boom"), List.of("late"), List.of("next"));
      }
    }
  }

  /**
   * A leader whose flush throws while its own item is in another batch still being written leaves
   * only once that batch has ended, so its caller never reuses an item a flush is reading. Two
   * batches in flight of one item each: "late" waits behind x and y; as x ends, the test wakes
   * "boom"'s owner again and again (as a spurious wake-up would) so that it may take [late] before
   * late's owner does; then y ends and it wakes late's owner, which leads [boom] in the freed slot
   * while [late] is held. Who takes [late] is up to the scheduler, so rounds repeat until the case
   * has been seen.
   */
  @Test
  void aLeaderWhoseFlushThrowsWaitsForItsOwnItemsBatchToEnd() throws Exception {
    boolean seenCase = false;
    // which thread leads is the scheduler's choice: rounds until the case comes up, which ends
    // the loop
    for (int round = 0; round < 2_000 && !seenCase; round++) {
      seen.clear();
      TestFlush flush = new TestFlush().hold("x", "y", "late");
      GroupCommit<Item> commits = new GroupCommit<>(flush, 2, 1);
      Thread x = submit(commits, "x");
      await(flush.entered.get("x"));
      Thread y = submit(commits, "y");
      await(flush.entered.get("y"));
      Thread late = queued(commits, "late");
      Thread boom = queued(commits, "boom");

      flush.release.get("x").countDown();
      while (flush.entered.get("late").getCount() > 0) LockSupport.unpark(boom);
      if (flush.ranBy.get("late") != boom) {
        // late's owner led its own item: not the case under test; end the round.
        flush.release.get("y").countDown();
        flush.release.get("late").countDown();
        join(x, y, late, boom);
        continue;
      }
      seenCase = true;
      // [late] is held by boom's owner; y ends, and late's owner takes the freed slot and leads
      // [boom] (the slot's wake-up goes to boom's owner, busy in its flush).
      flush.release.get("y").countDown();
      join(y);
      while (!flush.ranBy.containsKey("boom")) LockSupport.unpark(late);
      // Its flush threw, but its own item is still being written: it waits, not throws.
      while (LockSupport.getBlocker(late) != commits) {
        assertThat(seen).doesNotContainKey("late");
        Thread.onSpinWait();
      }
      assertThat(seen).doesNotContainKey("late");

      flush.release.get("late").countDown();
      join(x, late, boom);
      assertThat(seen.get("late")).isInstanceOf(AssertionError.class);
      assertThat(seen.get("boom")).isInstanceOf(GroupCommit.FlushFailed.class);
      assertThat(seen).containsEntry("x", "written").containsEntry("y", "written");
      assertThat(flush.batches)
          .containsExactly(List.of("x"), List.of("y"), List.of("late"), List.of("boom"));
    }
    assertThat(seenCase).as("the case was seen in some round").isTrue();
  }

  @Test
  void twoBatchesInFlightAndNoThird() throws Exception {
    TestFlush flush = new TestFlush().hold("first", "second");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 2, 64);
    Thread first = submit(commits, "first");
    await(flush.entered.get("first"));

    // A second batch is written while the first is held...
    Thread second = submit(commits, "second");
    await(flush.entered.get("second"));
    // ...but not a third: this item waits in the queue.
    Thread third = queued(commits, "third");
    assertThat(flush.batches).hasSize(2);

    flush.release.get("first").countDown();
    join(first, third);
    flush.release.get("second").countDown();
    join(second);

    assertThat(flush.batches)
        .containsExactly(List.of("first"), List.of("second"), List.of("third"));
    assertThat(flush.mostRunning).hasValue(2);
    assertThat(seen.values()).hasSize(3).containsOnly("written");
  }

  @Test
  void anInterruptedSubmitterWaitsForItsItemAndKeepsTheInterrupt() throws Exception {
    TestFlush flush = new TestFlush().hold("first", "a");
    GroupCommit<Item> commits = new GroupCommit<>(flush, 1, 64);
    Map<String, Boolean> interruptedAfter = new ConcurrentHashMap<>();
    Thread first = submit(commits, "first");
    await(flush.entered.get("first"));
    Thread a = queued(commits, "a");
    Item mine = new Item("x");
    Thread x =
        new Thread(
            () -> {
              try {
                commits.submit(mine);
                seen.put("x", mine.outcome == null ? "no outcome" : mine.outcome);
              } catch (GroupCommit.FlushFailed e) {
                seen.put("x", e);
              }
              interruptedAfter.put("x", Thread.currentThread().isInterrupted());
            },
            "x");
    x.start();
    while (LockSupport.getBlocker(x) != commits) Thread.onSpinWait();

    // Interrupted while its item waits in the queue: it wakes, clears the flag and parks again.
    x.interrupt();
    while (x.isInterrupted() || LockSupport.getBlocker(x) != commits) Thread.onSpinWait();
    flush.release.get("first").countDown();
    // Again while its item is in the batch being written (by a's owner, or by x itself had it been
    // woken spuriously: the test flush then keeps the interrupt as a database wait would).
    await(flush.entered.get("a"));
    x.interrupt();
    flush.release.get("a").countDown();
    join(first, a, x);

    assertThat(flush.batches).containsExactly(List.of("first"), List.of("a", "x"));
    // Returned only once its item was written, with the interrupt kept.
    assertThat(seen).containsEntry("x", "written");
    assertThat(interruptedAfter).containsEntry("x", true);
  }

  @Test
  void manyConcurrentSubmittersEachGetTheirOwnItemsOutcome() throws Exception {
    int threads = 16;
    int perThread = 200;
    TestFlush flush = new TestFlush();
    GroupCommit<Item> commits = new GroupCommit<>(flush, 2, 8);
    CyclicBarrier start = new CyclicBarrier(threads);
    Map<String, String> outcomes = new ConcurrentHashMap<>();
    List<Thread> all = new ArrayList<>();
    for (int t = 0; t < threads; t++) {
      int id = t;
      Thread thread =
          new Thread(
              () -> {
                try {
                  start.await();
                  for (int i = 0; i < perThread; i++) {
                    // Every 7th item fails its batch: whoever shares it learns of it too.
                    Item item = new Item((i % 7 == 0 ? "bad-" : "ok-") + id + "-" + i);
                    commits.submit(item);
                    outcomes.put(item.name, item.outcome == null ? "no outcome" : item.outcome);
                  }
                } catch (Exception e) {
                  throw new AssertionError(e);
                }
              });
      all.add(thread);
      thread.start();
    }
    join(all.toArray(new Thread[0]));

    assertThat(outcomes).hasSize(threads * perThread);
    List<String> written = new ArrayList<>();
    synchronized (flush.batches) {
      for (List<String> batch : flush.batches) {
        assertThat(batch).hasSizeBetween(1, 8);
        written.addAll(batch);
        // Each item's submitter saw exactly what its batch's flush recorded.
        String expected = batch.stream().anyMatch(n -> n.startsWith("bad")) ? "failed" : "written";
        for (String n : batch) assertThat(outcomes).containsEntry(n, expected);
      }
    }
    assertThat(written).hasSize(threads * perThread);
    assertThat(Set.copyOf(written)).hasSize(threads * perThread);
    assertThat(flush.mostRunning.get()).isBetween(1, 2);
  }

  @Test
  void boundsArePositive() {
    assertThatThrownBy(() -> new GroupCommit<Item>(new TestFlush(), 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new GroupCommit<Item>(new TestFlush(), 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
