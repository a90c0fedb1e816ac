package dev.switchboard.internal;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * A CompletableFuture whose {@code cancel(true)} aborts the work: it cancels the work's {@link
 * CancelScope} (an attempt in flight cancels its HTTP call, which closes the connection, so the
 * server stops generating) and interrupts the thread running it (a wait between retries ends).
 * {@link CompletableFuture#cancel} alone does neither, and an interrupt alone does not unblock a
 * socket read.
 */
public final class InterruptibleFuture<T> extends CompletableFuture<T> {
  private final CancelScope scope = new CancelScope();
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
    CancelScope.enter(scope);
    try {
      complete(work.get());
    } catch (Throwable e) {
      completeExceptionally(e);
    } finally {
      CancelScope.exit();
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
      scope.cancel();
      synchronized (this) {
        if (runner != null) runner.interrupt();
      }
    }
    return cancelled;
  }
}
