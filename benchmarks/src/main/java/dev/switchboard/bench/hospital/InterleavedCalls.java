package dev.switchboard.bench.hospital;

import java.io.PrintStream;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
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

/**
 * {@link HospitalPipelineBenchmark}'s arms called in turn, one call each, round after round, in one
 * JVM on one thread: each arm's p50 and p90, their ratios, and the calling thread's CPU a call.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.bench.hospital.InterleavedCalls \
 *     hospital os [calls per arm, default 30000] [another build's benchmarks.jar]
 * </pre>
 *
 * <p>Why, beside JMH: on a shared VM the speed of the machine drifts within minutes (the notes in
 * docs/performance.md saw the same jar's p50 ratio move from 0.67x to 1.35x between one-fork JMH
 * runs). Arms called in turn share the drift. Two builds of the same arm then compare closely: on
 * the 2-core build VM the same jar against itself read 0.992 to 0.996 in three runs. The client
 * against the floor, two different loads, still moved between 1.78 and 2.05 over four runs then: a
 * slower machine slows the client's CPU work more than the floor's wait on the server. Each call
 * also finds the CPU's caches as the other arms left them, as a call in a busy application would.
 *
 * <p>With a second jar (a benchmarks jar built from another commit), its client is loaded in a
 * class loader of its own and called in turn with this build's: an A/B of two builds in one JVM.
 * {@code self} in its place loads this build a second time, for an A/B of two settings: {@code
 * -Dbench.preallocate=BYTES} and {@code -Dbench.preallocate.other=BYTES} give each side's audit
 * trail its {@code preallocate}. Under a durable {@code sync} the floor plus a forced
 * decision-sized write ({@link HospitalPipelineBenchmark#floorPlusFsync}) is called too, on a file
 * that preallocates as this build's trail does (so that both pay the same kind of fsync). The
 * loopback stub must run ({@code ../shared/bench/loopback-stub.sh start 18080}); {@code
 * -Dbench.port}, {@code -Dbench.dir} and {@code -Dbench.prewarm} are read as the benchmark reads
 * them.
 */
public final class InterleavedCalls {
  private static final long WARMUP_NANOS = TimeUnit.SECONDS.toNanos(5);

  private InterleavedCalls() {}

  /** Runs the comparison; see the class comment for the arguments. */
  public static void main(String[] args) throws Throwable {
    if (args.length < 2) {
      System.err.println(
          "usage: InterleavedCalls hospital|minimal group|decisions|overlap|overlap-decisions|os [calls]"
              + " [other.jar|self]");
      System.exit(2);
    }
    String pipeline = args[0];
    String sync = args[1];
    int calls = args.length > 2 ? Integer.parseInt(args[2]) : 30_000;
    if (calls < 100) {
      System.err.println("calls per arm: at least 100 for a p90, not " + calls);
      System.exit(2);
    }
    List<String> names = new ArrayList<>();
    List<MethodHandle> arms = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>();

    HospitalPipelineBenchmark here =
        benchmark(new HospitalPipelineBenchmark(), pipeline, sync, "bench.preallocate");
    open.add(here::tearDown);
    names.add("floor");
    arms.add(arm(here, "rawOkHttpJackson"));
    if (!sync.equals("os")) {
      HospitalPipelineBenchmark.AuditFile file = new HospitalPipelineBenchmark.AuditFile();
      file.open(
          HospitalPipelineBenchmark.AuditFile.bytes(
              here.preallocate)); // the yardstick preallocates as the client does
      open.add(file::close);
      names.add("floor+fsync");
      arms.add(
          MethodHandles.publicLookup()
              .findVirtual(
                  HospitalPipelineBenchmark.class,
                  "floorPlusFsync",
                  MethodType.methodType(String.class, HospitalPipelineBenchmark.AuditFile.class))
              .bindTo(here)
              .bindTo(file));
    }
    names.add("client");
    arms.add(arm(here, "client"));
    if (args.length > 3) {
      // The other build's classes, none shared with this build's: only the JDK is common.
      URL jar =
          args[3].equals("self")
              ? InterleavedCalls.class.getProtectionDomain().getCodeSource().getLocation()
              : Path.of(args[3]).toUri().toURL();
      URLClassLoader loader =
          new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
      Class<?> type = Class.forName(HospitalPipelineBenchmark.class.getName(), true, loader);
      Object there =
          benchmark(type.getConstructor().newInstance(), pipeline, sync, "bench.preallocate.other");
      open.add(() -> type.getMethod("tearDown").invoke(there));
      open.add(loader);
      names.add("other");
      arms.add(arm(there, "client"));
    }

    long[][] cpu = new long[arms.size()][calls];
    long[][] nanos = run(arms, calls, cpu);
    report(pipeline, sync, calls, names, nanos, System.out);
    reportCpu(calls, names, cpu, System.out);
    for (int i = open.size() - 1; i >= 0; i--) open.get(i).close();
  }

  private static <T> T benchmark(T bench, String pipeline, String sync, String preallocateProperty)
      throws Exception {
    Class<?> type = bench.getClass();
    type.getField("pipeline").set(bench, pipeline);
    type.getField("sync").set(bench, sync);
    String preallocate = System.getProperty(preallocateProperty);
    if (preallocate != null) type.getField("preallocate").set(bench, preallocate);
    type.getMethod("setUp").invoke(bench); // builds both arms and pre-warms them
    return bench;
  }

  /** A no-argument method of the benchmark that returns the answer's text, bound to it. */
  private static MethodHandle arm(Object bench, String method) throws ReflectiveOperationException {
    return MethodHandles.publicLookup()
        .findVirtual(bench.getClass(), method, MethodType.methodType(String.class))
        .bindTo(bench);
  }

  /**
   * Calls every arm once per round, for a warm-up and then {@code calls} rounds; each round starts
   * at the next arm, so each arm takes every place in the round in turn. Fills {@code cpu} with the
   * calling thread's CPU time of each call: it tells a call that waited from one that worked (with
   * a slow stub, a call that finds the CPU's caches cold after the wait works several times
   * longer).
   */
  private static long[][] run(List<MethodHandle> arms, int calls, long[][] cpu) throws Throwable {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    int n = arms.size();
    long warmEnd = System.nanoTime() + WARMUP_NANOS;
    int answers = 0;
    while (System.nanoTime() - warmEnd < 0) {
      for (MethodHandle arm : arms) answers += ((String) arm.invoke()).length();
    }
    long[][] nanos = new long[n][calls];
    for (int i = 0; i < calls; i++) {
      for (int k = 0; k < n; k++) {
        int a = (i + k) % n;
        MethodHandle arm = arms.get(a);
        long cpuStart = threads.getCurrentThreadCpuTime();
        long start = System.nanoTime();
        String answer = (String) arm.invoke();
        nanos[a][i] = System.nanoTime() - start;
        cpu[a][i] = threads.getCurrentThreadCpuTime() - cpuStart;
        answers += answer.length();
      }
    }
    if (answers == 0) throw new IllegalStateException("every answer was empty");
    return nanos;
  }

  private static void reportCpu(int calls, List<String> names, long[][] cpu, PrintStream out) {
    StringBuilder line = new StringBuilder("calling thread's CPU a call:");
    for (int a = 0; a < names.size(); a++) {
      long[] sorted = cpu[a].clone();
      Arrays.sort(sorted);
      long sum = 0;
      for (long c : sorted) sum += c;
      line.append(
          String.format(
              Locale.ROOT,
              " %s p50 %.1f us mean %.1f us;",
              names.get(a),
              sorted[calls / 2] / 1e3,
              sum / 1e3 / calls));
    }
    out.println(line);
  }

  private static void report(
      String pipeline,
      String sync,
      int calls,
      List<String> names,
      long[][] nanos,
      PrintStream out) {
    double[] p50 = new double[names.size()];
    StringBuilder line = new StringBuilder();
    line.append(
        String.format(Locale.ROOT, "%s, sync %s, %d calls per arm:", pipeline, sync, calls));
    for (int a = 0; a < names.size(); a++) {
      long[] sorted = nanos[a].clone();
      Arrays.sort(sorted);
      p50[a] = sorted[calls / 2] / 1e3;
      double p90 = sorted[calls * 9 / 10] / 1e3;
      line.append(
          String.format(Locale.ROOT, " %s p50 %.1f us p90 %.1f us;", names.get(a), p50[a], p90));
    }
    for (int a = 1; a < names.size(); a++) {
      line.append(String.format(Locale.ROOT, " %s/floor %.3f", names.get(a), p50[a] / p50[0]));
    }
    int client = names.indexOf("client");
    int durable = names.indexOf("floor+fsync");
    if (durable >= 0) {
      // the durable goal's yardstick: the floor plus the disk work the promise needs
      line.append(
          String.format(Locale.ROOT, " client/floor+fsync %.3f", p50[client] / p50[durable]));
    }
    int other = names.indexOf("other");
    if (other >= 0) {
      line.append(String.format(Locale.ROOT, " client/other %.3f", p50[client] / p50[other]));
    }
    out.println(line);
    out.flush();
  }
}
