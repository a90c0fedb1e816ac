package dev.switchboard.bench.hospital;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@link HospitalPipelineBenchmark}'s client alone, called on one thread, with the CPU a call of
 * the whole process, of the calling thread and of the audit trail's own thread ({@code
 * switchboard-audit-sync}).
 *
 * <pre>
 * java -Dbench.port=18081 -cp benchmarks/target/benchmarks.jar \
 *     dev.switchboard.bench.hospital.ProcessCpuCalls group|decisions|overlap|overlap-decisions|os \
 *     [calls, default 3000]
 * </pre>
 *
 * <p>Why, beside {@link InterleavedCalls}: that tool counts the calling thread's CPU, and two arms
 * share its process, so the work a call leaves to the trail's thread (the fsync it hands over, the
 * lease it lets go) is nobody's. Here one client runs alone, so the process's CPU over the counted
 * calls is theirs (with what the JIT and the collector still do). Meant for a slow stub ({@code
 * benchmarks/slow-stub.sh}), where a call waits for its answer and the trail's thread is woken for
 * each call; run two builds one after the other, and again, since separate JVMs meet the VM's
 * drift.
 */
public final class ProcessCpuCalls {
  private static final String SYNC_THREAD = "switchboard-audit-sync";

  private ProcessCpuCalls() {}

  /** Runs the calls; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      System.err.println(
          "usage: ProcessCpuCalls group|decisions|overlap|overlap-decisions|os [calls]");
      System.exit(2);
    }
    int calls = args.length > 1 ? Integer.parseInt(args[1]) : 3000;
    if (calls < 100) {
      System.err.println("calls: at least 100 for a p50, not " + calls);
      System.exit(2);
    }
    HospitalPipelineBenchmark bench = new HospitalPipelineBenchmark();
    bench.pipeline = "hospital";
    bench.sync = args[0];
    String preallocate = System.getProperty("bench.preallocate");
    if (preallocate != null) bench.preallocate = preallocate;
    bench.setUp(); // builds both arms and pre-warms them (bench.prewarm seconds)
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    OperatingSystemMXBean os = ManagementFactory.getPlatformMXBean(OperatingSystemMXBean.class);
    for (int i = 0; i < Math.min(calls, 2000); i++) bench.client(); // the client alone, warm

    long process = os.getProcessCpuTime();
    long sync = syncThreadCpu(threads);
    long caller = threads.getCurrentThreadCpuTime();
    long[] wall = new long[calls];
    int answered = 0;
    for (int i = 0; i < calls; i++) {
      long start = System.nanoTime();
      answered += bench.client().isEmpty() ? 0 : 1;
      wall[i] = System.nanoTime() - start;
    }
    process = os.getProcessCpuTime() - process;
    sync = syncThreadCpu(threads) - sync;
    caller = threads.getCurrentThreadCpuTime() - caller;
    bench.tearDown();
    if (answered < calls) throw new IllegalStateException("empty answers: " + (calls - answered));

    Arrays.sort(wall);
    System.out.printf(
        Locale.ROOT,
        "%s, %d calls: p50 %.1f us; CPU a call: process %.1f us, calling thread %.1f us,"
            + " audit trail's thread %.1f us%n",
        args[0],
        calls,
        wall[calls / 2] / 1e3,
        process / 1e3 / calls,
        caller / 1e3 / calls,
        sync / 1e3 / calls);
  }

  /** The CPU time of the trail's thread so far (0 while it has not started). */
  private static long syncThreadCpu(ThreadMXBean threads) {
    long sum = 0;
    for (ThreadInfo info : threads.dumpAllThreads(false, false)) {
      if (info.getThreadName().equals(SYNC_THREAD)) {
        long cpu = threads.getThreadCpuTime(info.getThreadId());
        if (cpu > 0) sum += cpu;
      }
    }
    return sum;
  }
}
