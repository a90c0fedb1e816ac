package dev.switchboard.bench.hospital;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Two builds' {@link HospitalPipelineBenchmark} clients under one many-threaded load, in one JVM at
 * the same time: half the threads call one build's client, half the other's, in rounds, and each
 * round reports how many calls each side completed. The A/B of {@link InterleavedCalls} for the
 * throughput rows (64 threads), where that tool's one thread cannot go.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.bench.hospital.ConcurrentCalls \
 *     hospital os other-benchmarks.jar|floor [threads, default 64] [seconds a round, 5] [rounds, 10]
 * </pre>
 *
 * <p>With {@code floor} in place of a jar, the other side is this build's floor (the benchmark's
 * hand-written OkHttp + Jackson call): the throughput goals' ratio, client against floor, with both
 * under the same load at the same time. Run one after the other, as JMH runs the arms, the two
 * sides meet different minutes of a shared VM: the minimal client read 0.82x the floor in one such
 * pair of runs and 1.01x in the next. Both sides share the CPU by threads, so the reading is the
 * ratio of CPU per call only where neither side's threads wait: the minimal pipeline (0.90x on the
 * build VM). A client whose threads park for the audit trail leaves the CPU to the floor's threads
 * meanwhile and reads lower than alone: the hospital under {@code os} 0.29x (0.40x in JMH), under
 * {@code group}, waiting on fsyncs, 0.07x.
 *
 * <p>Why it compares: with more threads than cores the machine is CPU-bound, and the scheduler
 * gives each runnable thread a like share of it. The build that spends less CPU per call (or makes
 * its threads wait less) completes more calls in the same round. Both sides share the machine's
 * drift, which one-fork JMH runs on a shared VM do not (their ratio to the floor moved by 0.3 or
 * more from run to run).
 *
 * <p>Each round also reports the calling threads' CPU per call on each side (their thread CPU time,
 * user and kernel, over the calls they completed). It reads the A/B where the share of calls does
 * not: a build whose threads wait differently (a blocking read against a poll) can win a larger
 * share of the CPU without using less of it a call. The same jar against itself read 1.032 in calls
 * and 0.994 in CPU per call. It leaves out what other threads do for a call (OkHttp's task runner,
 * the audit trail's own thread, the JIT).
 *
 * <p>Warm-up rounds run until one in which the JIT compiled for under 100 ms. After the
 * single-threaded pre-warm, many threads take branches one thread never took; the compiler
 * recompiles each side's contended paths with a sliver of the CPU, and until it is done whichever
 * side it reaches first runs ahead by 10-20 % a round. On the 2-core build VM that took 17 rounds
 * of 5 s (4-8 s of compilation in each); after it, the same jar against itself read 0.988 over 10
 * counted rounds (median round 1.000, single rounds 0.92 to 1.07). Read the total, not a round.
 *
 * <p>Each side is loaded in a class loader of its own (only the JDK is shared) and built and
 * pre-warmed as the benchmark's setup does it. The loopback stub must run ({@code
 * ../shared/bench/loopback-stub.sh start 18080}); {@code -Dbench.port}, {@code -Dbench.dir} and
 * {@code -Dbench.prewarm} are read as the benchmark reads them.
 */
public final class ConcurrentCalls {
  private static final int MIN_WARMUP_ROUNDS = 2;
  private static final int MAX_WARMUP_ROUNDS = 40;

  private ConcurrentCalls() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Throwable {
    if (args.length < 3) {
      System.err.println(
          "usage: ConcurrentCalls hospital|minimal group|decisions|overlap|overlap-decisions|os other.jar|floor"
              + " [threads] [seconds a round] [rounds]");
      System.exit(2);
    }
    String pipeline = args[0];
    String sync = args[1];
    boolean againstFloor = args[2].equals("floor");
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 64;
    int seconds = args.length > 4 ? Integer.parseInt(args[4]) : 5;
    int rounds = args.length > 5 ? Integer.parseInt(args[5]) : 10;
    if (threads < 2 || threads % 2 != 0)
      fail("threads: an even number, at least 2, not " + threads);
    if (seconds < 1) fail("seconds a round: at least 1, not " + seconds);
    if (rounds < 1) fail("rounds: at least 1, not " + rounds);

    // Both sides in class loaders of their own, this build's too, so that the two are loaded,
    // linked and compiled alike: only the JDK is shared.
    Path thisJar =
        Path.of(ConcurrentCalls.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    List<Path> jars = againstFloor ? List.of(thisJar) : List.of(thisJar, Path.of(args[2]));
    List<URLClassLoader> loaders = new ArrayList<>();
    List<Object> benches = new ArrayList<>();
    MethodHandle[] sides = new MethodHandle[2];
    for (Path jar : jars) {
      URLClassLoader loader =
          new URLClassLoader(new URL[] {jar.toUri().toURL()}, ClassLoader.getPlatformClassLoader());
      Class<?> type = Class.forName(HospitalPipelineBenchmark.class.getName(), true, loader);
      Object bench = type.getConstructor().newInstance();
      type.getField("pipeline").set(bench, pipeline);
      type.getField("sync").set(bench, sync);
      type.getMethod("setUp").invoke(bench); // builds both arms and pre-warms them
      sides[loaders.size()] = arm(type, bench, "client");
      if (againstFloor) sides[1] = arm(type, bench, "rawOkHttpJackson");
      loaders.add(loader);
      benches.add(bench);
    }
    String[] names =
        againstFloor ? new String[] {"client", "floor"} : new String[] {"this", "other"};

    // Warm-up rounds until the JIT is quiet: many threads take branches one thread never took, and
    // the compiler, with a sliver of the CPU, recompiles each side's contended paths for a minute
    // or more; while it does, whichever side it reaches first runs ahead by 10-20 %.
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long nanos = TimeUnit.SECONDS.toNanos(seconds);
    int warm = 0;
    long compiling = Long.MAX_VALUE;
    while (warm < MIN_WARMUP_ROUNDS
        || (compiling > HospitalPipelineBenchmark.QUIET_JIT_MILLIS && warm < MAX_WARMUP_ROUNDS)) {
      long before = jit.getTotalCompilationTime();
      long[] calls = round(sides, threads, warm, nanos);
      compiling = jit.getTotalCompilationTime() - before;
      print("warm-up " + warm, names, calls, compiling);
      warm++;
    }
    long[] counted = new long[4];
    double[] ratios = new double[rounds];
    for (int r = 0; r < rounds; r++) {
      long before = jit.getTotalCompilationTime();
      long[] calls = round(sides, threads, warm + r, nanos);
      print("round " + r, names, calls, jit.getTotalCompilationTime() - before);
      for (int i = 0; i < counted.length; i++) counted[i] += calls[i];
      ratios[r] = calls[0] / (double) calls[1];
    }
    Arrays.sort(ratios);
    System.out.printf(
        Locale.ROOT,
        "%s, sync %s, %d threads, %d warm-up and %d counted rounds of %d s: %s/%s total %.3f,"
            + " median round %.3f (%.3f to %.3f); calling threads' CPU a call %.1f against"
            + " %.1f us (%.3f)%n",
        pipeline,
        sync,
        threads,
        warm,
        rounds,
        seconds,
        names[0],
        names[1],
        counted[0] / (double) counted[1],
        ratios[ratios.length / 2],
        ratios[0],
        ratios[ratios.length - 1],
        perCallMicros(counted[2], counted[0]),
        perCallMicros(counted[3], counted[1]),
        perCallMicros(counted[2], counted[0]) / perCallMicros(counted[3], counted[1]));
    for (int i = 0; i < benches.size(); i++) {
      benches.get(i).getClass().getMethod("tearDown").invoke(benches.get(i));
      loaders.get(i).close();
    }
  }

  /** The benchmark's arm {@code name} (a no-argument method returning the answer), bound. */
  private static MethodHandle arm(Class<?> type, Object bench, String name)
      throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(type, name, MethodType.methodType(String.class))
        .bindTo(bench);
  }

  private static void print(String round, String[] names, long[] calls, long compilingMillis) {
    System.out.printf(
        Locale.ROOT,
        "%s: %s %d calls, %s %d calls, %s/%s %.3f; CPU a call %.1f / %.1f us; JIT %d ms%n",
        round,
        names[0],
        calls[0],
        names[1],
        calls[1],
        names[0],
        names[1],
        calls[0] / (double) calls[1],
        perCallMicros(calls[2], calls[0]),
        perCallMicros(calls[3], calls[1]),
        compilingMillis);
  }

  private static double perCallMicros(long cpuNanos, long calls) {
    return calls == 0 ? Double.NaN : cpuNanos / 1000.0 / calls;
  }

  private static void fail(String message) {
    System.err.println(message);
    System.exit(2);
  }

  /**
   * One round: {@code threads} threads, every other one on each side (which side the first thread
   * takes alternates between rounds), each calling its side's client until the round ends; the
   * calls each side completed.
   */
  private static long[] round(MethodHandle[] sides, int threads, int round, long nanos)
      throws InterruptedException {
    LongAdder[] calls = {new LongAdder(), new LongAdder()};
    LongAdder[] cpu = {new LongAdder(), new LongAdder()};
    AtomicReference<Throwable> failed = new AtomicReference<>();
    ThreadMXBean threadCpu = ManagementFactory.getThreadMXBean();
    long end = System.nanoTime() + nanos;
    List<Thread> started = new ArrayList<>(threads);
    for (int t = 0; t < threads; t++) {
      int side = (t + round) % 2;
      Thread thread =
          new Thread(
              () -> {
                long n = 0;
                long cpuBefore = threadCpu.getCurrentThreadCpuTime();
                try {
                  while (System.nanoTime() - end < 0 && failed.get() == null) {
                    if (((String) sides[side].invoke()).isEmpty()) {
                      throw new IllegalStateException("an empty answer");
                    }
                    n++;
                  }
                } catch (Throwable e) {
                  failed.compareAndSet(null, e);
                }
                cpu[side].add(threadCpu.getCurrentThreadCpuTime() - cpuBefore);
                calls[side].add(n);
              },
              "concurrent-calls-" + t);
      started.add(thread);
      thread.start();
    }
    for (Thread thread : started) thread.join();
    Throwable e = failed.get();
    if (e != null) throw new IllegalStateException("a call failed; the round is void", e);
    return new long[] {calls[0].sum(), calls[1].sum(), cpu[0].sum(), cpu[1].sum()};
  }
}
