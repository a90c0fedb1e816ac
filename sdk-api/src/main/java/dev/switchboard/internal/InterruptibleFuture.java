package dev.switchboard.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A CompletableFuture whose {@code cancel(true)} interrupts the thread running the work, so a
 * cancelled async call stops waiting on the network instead of running to the end. {@link
 * CompletableFuture#cancel} alone never interrupts.
 */
public final class InterruptibleFuture<T> extends CompletableFuture<T> {
  private Thread runner;

  private InterruptibleFuture() {}

  /** Runs the work on the executor; the returned future can interrupt it. */
  public static <T> CompletableFuture<T> supply(Supplier<T> work, Executor executor) {
    InterruptibleFuture<T> future = new InterruptibleFuture<>();
    executor.execute(() -> future.run(work));
    return future;
  }

  private void run(Supplier<T> work) {
    synchronized (this) {
      if (isDone()) return;
      runner = Thread.currentThread();
    }
    try {
      complete(work.get());
    } catch (Throwable e) {
      completeExceptionally(e);
    } finally {
      synchronized (this) {
        runner = null;
        Thread.interrupted(); // a late cancel must not leave the pool thread interrupted
      }
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled && mayInterruptIfRunning) {
      synchronized (this) {
        if (runner != null) runner.interrupt();
      }
    }
    return cancelled;
  }
}
