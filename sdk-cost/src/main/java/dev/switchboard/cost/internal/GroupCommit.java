package dev.switchboard.cost.internal;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * Group commit for writes from many threads of one process: each {@link #submit} queues its item,
 * and one of the waiting threads (the leader; one batch at a time) writes every item waiting, up to
 * a bound, in one transaction. Each submit returns once the transaction holding its item has
 * committed, or throws that transaction's failure; so a caller still learns its own outcome, while
 * the database sees one transaction, one commit and one round trip per batch instead of per item.
 * Under load batches grow by themselves: items arrive while the previous batch commits. Alone, an
 * item is written at once, without waiting for company.
 *
 * <p>When a batch of several fails on its data ({@code SQLState} class 22, data exception, or 23,
 * integrity constraint), its items are written again one by one, so that one bad item fails only
 * its own caller; a failure of the connection or the server fails the batch (retrying each would
 * multiply the wait).
 *
 * @param <T> what is written
 */
final class GroupCommit<T> {
  /** Writes a batch in one transaction: all of it or nothing. */
  @FunctionalInterface
  interface Writer<T> {
    void write(List<T> batch) throws SQLException;
  }

  private final Writer<T> writer;
  private final int maxBatch;
  private final Object monitor = new Object();
  private final ArrayDeque<Pending<T>> queue = new ArrayDeque<>();
  private boolean flushing;

  private static final class Pending<T> {
    final T item;

    /** The submitting thread: the one woken when this item's batch ends. */
    final Thread owner = Thread.currentThread();

    SQLException failure;
    boolean done;

    Pending(T item) {
      this.item = item;
    }
  }

  GroupCommit(Writer<T> writer, int maxBatch) {
    this.writer = writer;
    this.maxBatch = maxBatch;
  }

  /**
   * Writes {@code item} with whatever else is waiting; returns once it is committed.
   *
   * @throws SQLException the failure of the transaction that held it (nothing of it is stored)
   */
  void submit(T item) throws SQLException {
    Pending<T> mine = new Pending<>(item);
    synchronized (monitor) {
      queue.add(mine);
    }
    boolean interrupted = false;
    try {
      while (true) {
        List<Pending<T>> batch = null;
        synchronized (monitor) {
          if (mine.done) break;
          if (!flushing && !queue.isEmpty()) {
            flushing = true;
            batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
            while (!queue.isEmpty() && batch.size() < maxBatch) batch.add(queue.poll());
          }
        }
        if (batch != null) {
          flush(batch);
        } else {
          // Woken by name when its batch ends or it is to lead the next one (see flush); a wake-up
          // before the park is kept by it, a spurious one only loops.
          LockSupport.park(this);
          // The item may be in the batch being written: wait for its outcome regardless, and
          // restore the flag after (cleared here, or park would return at once from now on).
          if (Thread.interrupted()) interrupted = true;
        }
      }
    } finally {
      if (interrupted) Thread.currentThread().interrupt();
    }
    if (mine.failure != null) throw mine.failure;
  }

  private void flush(List<Pending<T>> batch) {
    boolean written = false;
    try {
      write(batch);
      written = true;
    } finally {
      Thread next;
      synchronized (monitor) {
        for (Pending<T> p : batch) {
          // An Error left the write midway: no caller may take its item for committed.
          if (!written && p.failure == null) {
            p.failure = new SQLException("the batch could not be written");
          }
          p.done = true;
        }
        flushing = false;
        // The owner of the oldest waiting item leads the next batch (a thread submitting meanwhile
        // may take it first; the owner then waits again).
        Pending<T> head = queue.peek();
        next = head == null ? null : head.owner;
      }
      for (Pending<T> p : batch) {
        if (p.owner != Thread.currentThread()) LockSupport.unpark(p.owner);
      }
      if (next != null) LockSupport.unpark(next);
    }
  }

  private void write(List<Pending<T>> batch) {
    List<T> items = new ArrayList<>(batch.size());
    for (Pending<T> p : batch) items.add(p.item);
    try {
      writer.write(items);
    } catch (SQLException e) {
      if (batch.size() > 1 && dataError(e)) {
        for (Pending<T> p : batch) writeAlone(p);
      } else {
        for (Pending<T> p : batch) p.failure = e;
      }
    } catch (RuntimeException e) {
      for (Pending<T> p : batch) p.failure = new SQLException("the batch could not be written", e);
    }
  }

  private void writeAlone(Pending<T> p) {
    try {
      writer.write(List.of(p.item));
    } catch (SQLException e) {
      p.failure = e;
    } catch (RuntimeException e) {
      p.failure = new SQLException("the item could not be written", e);
    }
  }

  private static boolean dataError(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }
}
