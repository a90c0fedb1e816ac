package dev.switchboard.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one task on several threads at once, for tests of what callers do concurrently. */
public final class Concurrently {
  /** A task that may throw anything; what the first thread throws fails the run. */
  @FunctionalInterface
  public interface Task {
    void run() throws Exception;
  }

  private Concurrently() {}

  /**
   * Starts the task on {@code threads} threads and waits for all of them (at most a minute each, a
   * bound no loaded machine reaches), rethrowing the first failure wrapped in an {@link
   * java.util.concurrent.ExecutionException}.
   */
  public static void onThreads(int threads, Task task) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> running = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        running.add(
            pool.submit(
                () -> {
                  task.run();
                  return null;
                }));
      }
      for (Future<?> f : running) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
  }
}
