package dev.switchboard.jdbc.internal.batch;

import java.lang.reflect.UndeclaredThrowableException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for writes from many threads of one process: each {@link #submit} queues its item,
 * and one of the waiting threads (a leader; at most {@code inFlight} at a time) hands every item
 * waiting, up to {@code maxBatch}, to the flush, which writes them in one transaction. Each submit
 * returns once the batch holding its item has been written, or its write failed; so a caller still
 * learns its own outcome, while the database sees one transaction, one commit and one round trip
 * per batch instead of per item. Under load batches grow by themselves: items arrive while the
 * previous batch commits. Alone, an item is written at once, without waiting for company.
 *
 * <p>This class only queues, leads, marks items done and wakes their threads. What a write is, and
 * what becomes of each item when it fails (the whole batch, or each item again alone), is the
 * flush's: it records every item's outcome in the item itself, where the submitting thread reads it
 * once {@code submit} returns. A user therefore takes an item that holds no outcome for a failure,
 * never for written.
 *
 * <p>A batch that ends wakes only its items' threads and the thread that leads next, by name, never
 * every waiting thread: with many threads waiting, waking each of them for each batch costs more
 * CPU than the batch.
 *
 * @param <T> an item to write, which carries its own outcome
 */
public final class GroupCommit<T> {
  /**
   * Writes a batch, in order, and records each item's outcome in the item. It is to catch its own
   * failures and record them: what it throws instead ends its batch as failed (see {@link
   * #submit}).
   */
  @FunctionalInterface
  public interface Flush<T> {
    /** Writes {@code batch} and records in each of its items what became of it. */
    void flush(List<T> batch);
  }

  /**
   * The flush of the batch that held the item threw instead of returning (an {@link Error} on the
   * leader's thread, say): it may have stopped anywhere, so nothing it recorded in the item can be
   * trusted, and the item is to be taken as not written. The cause is what the flush threw, shared
   * by every item of the batch.
   */
  public static final class FlushFailed extends Exception {
    private static final long serialVersionUID = 1L;

    FlushFailed(Throwable cause) {
      super("the batch holding this item could not be written", cause);
    }
  }

  private final Flush<T> flush;
  private final int inFlight;
  private final int maxBatch;
  private final Object monitor = new Object();
  private final ArrayDeque<Waiter<T>> queue = new ArrayDeque<>();
  private int flushing;

  /** One submitted item waiting for its batch to end. */
  private static final class Waiter<T> {
    final T item;

    /** The submitting thread: the one woken when this item's batch ends. */
    final Thread owner = Thread.currentThread();

    /** What the flush of this item's batch threw, if it threw. */
    Throwable thrown;

    boolean done;

    Waiter(T item) {
      this.item = item;
    }
  }

  /**
   * A group commit writing through {@code flush}, at most {@code inFlight} batches at a time and at
   * most {@code maxBatch} items in a batch.
   */
  public GroupCommit(Flush<T> flush, int inFlight, int maxBatch) {
    if (inFlight < 1 || maxBatch < 1) {
      throw new IllegalArgumentException(
          "inFlight and maxBatch must be positive: " + inFlight + ", " + maxBatch);
    }
    this.flush = flush;
    this.inFlight = inFlight;
    this.maxBatch = maxBatch;
  }

  /**
   * Writes {@code item} with whatever else is waiting; returns once the flush of its batch has
   * returned, and the item holds the outcome it recorded. An interrupt does not cut the wait short
   * (the item may be in the batch being written): it is kept, and the thread's flag is set again on
   * return.
   *
   * <p>The leader, the thread that ran a flush that threw, gets what the flush threw, unchanged (an
   * {@code Error} stays an {@code Error} on the thread it happened on), once the batch's other
   * threads have been woken. Its own item, if still queued, is withdrawn and never written, since
   * its caller learns of a failure; if it is in another batch in flight, the leader waits for that
   * batch to end (its outcome goes unread). So no flush reads an item once its submit has returned
   * or thrown, and the caller may reuse what the item holds.
   *
   * @throws FlushFailed to every other thread of that batch
   */
  public void submit(T item) throws FlushFailed {
    Waiter<T> mine = new Waiter<>(item);
    synchronized (monitor) {
      queue.add(mine);
    }
    boolean interrupted = false;
    // What this thread's own flush threw: it leads no more, and waits as any caller does until its
    // own item's batch has ended (it may be in another batch still being written) before it throws.
    Throwable ledAndThrew = null;
    try {
      while (true) {
        List<Waiter<T>> batch = null;
        synchronized (monitor) {
          if (mine.done) break;
          if (ledAndThrew == null && flushing < inFlight && !queue.isEmpty()) {
            flushing++;
            batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) batch.add(queue.poll());
          }
        }
        if (batch != null) {
          ledAndThrew = lead(batch, mine);
        } else {
          // Woken by name when its batch ends or it is to lead the next one (see end). A wake-up
          // that comes before the park is kept by it; a spurious one only loops.
          LockSupport.park(this);
          // The item may be in the batch being written: wait for its outcome regardless, and
          // restore the flag after (cleared here, or park would return at once from now on).
          if (Thread.interrupted()) interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
    // A flush declares no checked exception, so what it threw is unchecked.
    if (ledAndThrew instanceof RuntimeException e) throw e;
    if (ledAndThrew instanceof Error e) throw e;
    if (ledAndThrew != null) throw new UndeclaredThrowableException(ledAndThrew);
    if (mine.thrown != null) throw new FlushFailed(mine.thrown);
  }

  /**
   * Flushes a batch on this thread and ends it, whatever the flush does: what it throws ends its
   * batch as failed, then travels on to this thread's caller.
   *
   * @return what the flush threw, or null
   */
  private Throwable lead(List<Waiter<T>> batch, Waiter<T> mine) {
    List<T> items = new ArrayList<>(batch.size());
    for (Waiter<T> w : batch) items.add(w.item);
    Throwable thrown = null;
    try {
      flush.flush(items);
    } catch (Throwable t) {
      thrown = t;
    }
    end(batch, thrown, mine);
    return thrown;
  }

  /** Marks the batch done, frees its slot, and wakes its threads and the next leader. */
  private void end(List<Waiter<T>> batch, Throwable thrown, Waiter<T> mine) {
    Thread next;
    synchronized (monitor) {
      for (Waiter<T> w : batch) {
        // The flush stopped midway: no caller may take its item for written.
        w.thrown = thrown;
        w.done = true;
      }
      flushing--;
      // This thread leaves with what was thrown, and must not be left the lead of the queue: its
      // item, if still queued, is withdrawn (failed with the rest).
      if (thrown != null && queue.remove(mine)) {
        mine.thrown = thrown;
        mine.done = true;
      }
      // A batch slot is free: the owner of the oldest waiting item leads the next batch (a thread
      // submitting meanwhile may take it first; the owner then waits again). This thread looks at
      // the queue again before it parks, so it needs no wake-up.
      Waiter<T> head = queue.peek();
      next = head == null || head.owner == Thread.currentThread() ? null : head.owner;
    }
    // Outside the monitor, so a woken thread does not block on it at once.
    for (Waiter<T> w : batch) {
      if (w.owner != Thread.currentThread()) LockSupport.unpark(w.owner);
    }
    if (next != null) LockSupport.unpark(next);
  }
}
