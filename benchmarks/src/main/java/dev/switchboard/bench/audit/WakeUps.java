package dev.switchboard.bench.audit;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * What one thread waking another costs on this machine: two threads hand a turn back and forth with
 * {@code LockSupport.park} and {@code unpark}, and each round reports the wall time and the two
 * threads' CPU time per round trip (two wake-ups).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.bench.audit.WakeUps [round trips, 50000]
 * </pre>
 *
 * <p>Why: a durable call parks at least twice (its decision record's fsync, then its outcome's, or
 * the answer's release under the overlap modes) and is woken by the thread that forced the batch.
 * Under load that wake-up is CPU the floor does not spend, and its price depends on the machine (a
 * hypervisor's interrupt path, the scheduler) more than on the SDK; this measures it on its own, to
 * set beside the pipeline's rows. Not JMH: a round trip needs two threads in lock step, which JMH's
 * group benchmarks would time as two one-sided halves.
 */
public final class WakeUps {
  private static final int ROUNDS = 3;

  // whose turn it is: 1 the partner's, 0 the main thread's
  private static volatile int turn;

  private WakeUps() {}

  /** Runs the rounds; see the class comment for the argument. */
  public static void main(String[] args) throws InterruptedException {
    int trips = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    for (int round = 0; round < ROUNDS; round++) {
      Thread self = Thread.currentThread();
      long[] partnerCpu = new long[1];
      Thread partner =
          new Thread(
              () -> {
                long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < trips; i++) {
                  while (turn != 1) LockSupport.park();
                  turn = 0;
                  LockSupport.unpark(self);
                }
                partnerCpu[0] = threads.getCurrentThreadCpuTime() - start;
              },
              "wake-ups-partner");
      partner.start();
      long cpu = threads.getCurrentThreadCpuTime();
      long wall = System.nanoTime();
      for (int i = 0; i < trips; i++) {
        turn = 1;
        LockSupport.unpark(partner);
        while (turn != 0) LockSupport.park();
      }
      wall = System.nanoTime() - wall;
      cpu = threads.getCurrentThreadCpuTime() - cpu;
      partner.join(); // its CPU time is read before it ends, and join makes it visible here
      System.out.printf(
          Locale.ROOT,
          "round %d: %,d round trips, %.1f us wall and %.1f us CPU (both threads) a round trip%n",
          round,
          trips,
          wall / 1e3 / trips,
          (cpu + partnerCpu[0]) / 1e3 / trips);
    }
  }
}
