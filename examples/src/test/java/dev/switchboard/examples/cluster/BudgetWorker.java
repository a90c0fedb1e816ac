package dev.switchboard.examples.cluster;

import dev.switchboard.ModelClient;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.SwitchboardException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One application instance of {@link ClusterBudgetExhaustionTest}, in a JVM of its own: a client
 * from the shared config, one warm-up call, then {@code threads} threads calling from the moment
 * the {@code go} file appears until the hard budget is spent.
 *
 * <p>A thread ends at the first refusal that says the budget is spent: settled spending plus what
 * the call needs is over the limit. Spending only grows, so no later call could pass. A refusal
 * made only because other calls hold reservations is counted too, and the thread tries again a
 * moment later, as those calls settle. Any other failure ends the thread (the test then fails).
 * Reports on stdout: {@code READY}, then {@code DONE <calls> <answered> <budgetRefused>
 * <threadsEndedSpent> <other> <largestRequested>}.
 */
public final class BudgetWorker {
  private BudgetWorker() {}

  /**
   * {@code CONFIG THREADS DIR}: DIR is where the go file appears.
   *
   * @param args see above
   * @throws Exception if the client cannot be built
   */
  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    Path go = Path.of(args[2]).resolve("go");
    AtomicLong calls = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong budgetRefused = new AtomicLong();
    AtomicLong endedSpent = new AtomicLong();
    AtomicLong other = new AtomicLong();
    AtomicReference<BigDecimal> requested = new AtomicReference<>(BigDecimal.ZERO);
    try (ModelClient client = ModelClient.fromConfig(config)) {
      // Warm-up: opens the pool, creates the tables, so the run has no start-up in it.
      calls.incrementAndGet();
      client.chat("Summarize: follow-up in 2 weeks.");
      answered.incrementAndGet();
      System.out.println("READY");
      System.out.flush();
      while (!Files.exists(go)) Thread.sleep(20);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  while (true) {
                    calls.incrementAndGet();
                    try {
                      client.chat("Summarize: follow-up in 2 weeks.");
                      answered.incrementAndGet();
                    } catch (BudgetExceededException e) {
                      budgetRefused.incrementAndGet();
                      requested.accumulateAndGet(e.requested(), BigDecimal::max);
                      if (!"ward".equals(e.budgetName())) {
                        other.incrementAndGet();
                        System.err.println("refused by an unexpected budget " + e.budgetName());
                      }
                      if (e.spent().add(e.requested()).compareTo(e.limit()) > 0) {
                        endedSpent.incrementAndGet();
                        return;
                      }
                      pause();
                    } catch (SwitchboardException e) {
                      other.incrementAndGet();
                      System.err.println("call failed: " + e.getClass().getSimpleName());
                      return; // the test fails on it; ending keeps the run short
                    }
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) w.join();
    }
    System.out.println(
        "DONE "
            + calls.get()
            + " "
            + answered.get()
            + " "
            + budgetRefused.get()
            + " "
            + endedSpent.get()
            + " "
            + other.get()
            + " "
            + requested.get().toPlainString());
    System.out.flush();
  }

  private static void pause() {
    try {
      Thread.sleep(10);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
