package dev.switchboard.examples.cluster;

import dev.switchboard.ModelClient;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.SwitchboardException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One application instance of {@link ClusterInstancesTest}, in a JVM of its own: a client from the
 * shared config, one warm-up call, then {@code threads} threads calling as fast as the cluster
 * quota lets them from the moment the {@code go} file appears until the {@code stop} file does.
 * Reports on stdout: {@code READY}, then {@code DONE <calls> <answered> <rateLimited> <other>}.
 */
public final class ClusterWorker {
  private ClusterWorker() {}

  /**
   * {@code CONFIG THREADS DIR}: DIR is where the go and stop files appear.
   *
   * @param args see above
   * @throws Exception if the client cannot be built
   */
  public static void main(String[] args) throws Exception {
    Path config = Path.of(args[0]);
    int threads = Integer.parseInt(args[1]);
    Path dir = Path.of(args[2]);
    AtomicLong calls = new AtomicLong();
    AtomicLong answered = new AtomicLong();
    AtomicLong rateLimited = new AtomicLong();
    AtomicLong other = new AtomicLong();
    try (ModelClient client = ModelClient.fromConfig(config)) {
      // Warm-up: opens the pool, creates the tables, so the measured window has no start-up in it.
      calls.incrementAndGet();
      client.chat("Summarize: follow-up in 2 weeks.");
      answered.incrementAndGet();
      System.out.println("READY");
      System.out.flush();
      Path go = dir.resolve("go");
      Path stop = dir.resolve("stop");
      while (!Files.exists(go)) Thread.sleep(20);
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  while (!Files.exists(stop)) {
                    calls.incrementAndGet();
                    try {
                      client.chat("Summarize: follow-up in 2 weeks.");
                      answered.incrementAndGet();
                    } catch (CallNotPermittedException e) {
                      rateLimited.incrementAndGet();
                      // As an application would: wait what the limiter said before trying again.
                      sleep(e.retryAfter().orElse(Duration.ofMillis(100)), stop);
                    } catch (SwitchboardException e) {
                      other.incrementAndGet();
                      System.err.println("call failed: " + e.getClass().getSimpleName());
                    }
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) w.join();
    }
    System.out.println(
        "DONE " + calls.get() + " " + answered.get() + " " + rateLimited.get() + " " + other.get());
    System.out.flush();
  }

  /** Sleeps {@code d}, in slices, ending early when the stop file appears. */
  private static void sleep(Duration d, Path stop) {
    long until = System.nanoTime() + d.toNanos();
    try {
      while (System.nanoTime() < until && !Files.exists(stop)) Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
