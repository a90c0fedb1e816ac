package dev.switchboard.bench.hospital;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Requester;
import dev.switchboard.config.SwitchboardConfig;
import java.io.IOException;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.ConnectionPool;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The pipeline a hospital turns on, built from YAML, against the floor: the same chat call made by
 * hand with OkHttp and Jackson, both to the nginx loopback stub ({@code
 * ../shared/bench/loopback-stub.sh start 18080}). A third arm, {@code floorPlusFsync}, is the floor
 * with the least disk work a durable trail must do (one forced append before the call, one unforced
 * after): the yardstick for the durable rows, taken in the same run.
 *
 * <p>{@code pipeline}: {@code hospital} is a Foundry openai-v1 provider with a compliance profile,
 * retries and a circuit breaker, cost tracking with a contract price, the example hospital policy
 * with the PHI detector, and the file audit trail with {@code sync} as given; {@code minimal} is
 * the same provider with routing and the default retries only ({@code sync} is ignored).
 *
 * <pre>
 * # single thread, p50 and allocation per call
 * java -jar benchmarks/target/benchmarks.jar HospitalPipelineBenchmark -bm sample -tu us -t 1 -prof gc
 * # throughput at 16 and 64 threads (the fsync arm is a single-thread yardstick)
 * java -jar benchmarks/target/benchmarks.jar 'HospitalPipelineBenchmark.(client|rawOkHttpJackson)$' -bm thrpt -tu s -t 64
 * </pre>
 *
 * <p>{@code -Dbench.port} (default 18080), {@code -Dbench.dir} (the audit file's directory, default
 * the temp dir), {@code -Dbench.prewarm} (seconds, default 20; 0 for no pre-warm at all) and {@code
 * -Dbench.prewarm.max} (seconds, default 180) reach the fork through {@code -jvmArgsAppend}.
 *
 * <p>Why a pre-warm: with 64 threads runnable on two cores, the JIT's compiler threads get a sliver
 * of the CPU, and a fork's throughput keeps climbing for a minute or more of 64-thread warm-up (the
 * floor's less, the client's, with more code to compile, longer). A 3 x 5 s warm-up then measures
 * how far compilation got, not the code. So before JMH's own warm-up, the setup thread alone calls
 * both arms in turn for {@code bench.prewarm} seconds, when the compiler has a core to itself. Both
 * arms get the same, so the ratio stays fair. A run on more threads then goes on pre-warming on
 * that many threads, in 5 s rounds, until a round in which the JIT compiled for under 100 ms (each
 * round's compile time is printed): many threads take branches one thread never took, and C2
 * recompiles those paths for 20-25 s of a 64-thread load.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 5, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class HospitalPipelineBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");
  private static final String SYSTEM = "You are a concise clinical assistant.";
  private static final String NOTE =
      "Discharge summary. Patient Jane Roe, MRN 00482913, DOB 03/14/1961, admitted 2024-02-11 with"
          + " community-acquired pneumonia. Vitals on discharge: BP 128/76, HR 78, SpO2 96% on room"
          + " air. Completed 5 days of ceftriaxone and azithromycin. Follow up with primary care in"
          + " one week; call 617-555-0142 with questions. Summarize for the patient.";

  @Param({"hospital", "minimal"})
  public String pipeline;

  @Param({"group", "decisions", "overlap", "overlap-decisions", "os"})
  public String sync;

  /** The audit trail's {@code preallocate} (bytes of zeros kept ahead of its records; 0: none). */
  @Param({"0"})
  public String preallocate = "0";

  private Path dir;
  private ModelClient client;
  private ChatRequest request;

  private OkHttpClient raw;
  private ObjectMapper mapper;

  /**
   * A round in which the JIT compiled for less than this (of two cores' 10 s in a 5 s round) ends a
   * many-threaded warm-up, here and in {@link ConcurrentCalls}.
   */
  static final long QUIET_JIT_MILLIS = 100;

  private String rawUrl;
  private Map<String, Object> rawBody;

  /**
   * JMH's setup: {@link #setUp()}, then, for a run on more than one thread, the same pre-warm on
   * that many threads until the JIT is quiet ({@link #prewarmConcurrently}).
   */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) throws Exception {
    setUp();
    if (params.getThreads() > 1 && Long.getLong("bench.prewarm", 20) > 0) {
      prewarmConcurrently(params.getThreads());
    }
  }

  /** Builds both arms and pre-warms them on this thread (the tools beside JMH call this). */
  public void setUp() throws IOException {
    int port = Integer.getInteger("bench.port", 18080);
    dir =
        Files.createTempDirectory(
            Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir"))),
            "hospital-bench");
    String yaml = pipeline.equals("hospital") ? hospital(port) : minimal(port);
    client =
        ModelClient.builder(SwitchboardConfig.parse(yaml, "bench.yaml", k -> null, dir)).build();
    ChatRequest.Builder r =
        ChatRequest.builder().system(SYSTEM).user(NOTE).maxOutputTokens(200).temperature(0.2);
    if (pipeline.equals("hospital")) {
      r.compliance(
          ComplianceTags.builder()
              .dataClass(DataClass.PHI)
              .purposeOfUse(PurposeOfUse.TREAT)
              .requester(Requester.of("u-1", "attending", "bench"))
              .build());
    }
    request = r.build();

    // The floor: one shared client whose pool holds every connection the threads use.
    raw =
        new OkHttpClient.Builder()
            .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
            .build();
    raw.dispatcher().setMaxRequestsPerHost(256);
    mapper = new ObjectMapper();
    rawUrl = "http://127.0.0.1:" + port + "/openai/v1/chat/completions";
    rawBody =
        Map.of(
            "model",
            "gpt-4o-mini",
            "max_completion_tokens",
            200,
            "temperature",
            0.2,
            "messages",
            List.of(
                Map.of("role", "system", "content", SYSTEM),
                Map.of("role", "user", "content", NOTE)));
    prewarm(Long.getLong("bench.prewarm", 20));
  }

  /**
   * Calls both arms from {@code threads} threads in rounds of five seconds until a round in which
   * the JIT compiled for under 100 ms (at most {@code bench.prewarm.max} seconds, default 180).
   * Many threads take branches one thread never took (a trail's lead already taken, a batch of
   * several records), and C2 recompiles the contended paths with a sliver of the CPU: 20-25 s of
   * 64-thread load for the client, during which a short JMH warm-up would end and the measurement
   * begin (docs/performance.md, *Twelfth pass*).
   */
  private void prewarmConcurrently(int threads) throws InterruptedException {
    CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    long deadline =
        System.nanoTime() + TimeUnit.SECONDS.toNanos(Long.getLong("bench.prewarm.max", 180));
    for (int round = 0; ; round++) {
      long compiledBefore = jit.getTotalCompilationTime();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      AtomicReference<Throwable> failed = new AtomicReference<>();
      List<Thread> started = new ArrayList<>(threads);
      for (int t = 0; t < threads; t++) {
        Thread thread =
            new Thread(
                () -> {
                  try {
                    while (System.nanoTime() - end < 0) {
                      client();
                      rawOkHttpJackson();
                    }
                  } catch (IOException | RuntimeException e) {
                    failed.compareAndSet(null, e);
                  }
                },
                "prewarm-" + t);
        started.add(thread);
        thread.start();
      }
      for (Thread thread : started) thread.join();
      if (failed.get() != null) throw new IllegalStateException("pre-warm failed", failed.get());
      long compiled = jit.getTotalCompilationTime() - compiledBefore;
      System.out.printf(
          Locale.ROOT, "pre-warm on %d threads, round %d: JIT %d ms%n", threads, round, compiled);
      if (compiled < QUIET_JIT_MILLIS || System.nanoTime() - deadline > 0) return;
    }
  }

  private void prewarm(long seconds) throws IOException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() - end < 0) {
      client();
      rawOkHttpJackson();
    }
  }

  private String hospital(int port) {
    return """
        providers:
          foundry-us:
            type: foundry
            endpoint: http://127.0.0.1:%d
            api: openai-v1
            auth: { type: api-key, key: bench-key }
            profile:
              kind: cloud
              deployment: datazone-us
              regions: [eastus, eastus2]
              baa: { ref: MSFT-BAA-2024, scope: [text, embedding], expires: 2099-12-31 }
              human-review: false
              modalities: [text, embedding]
        models:
          notes: { provider: foundry-us, model: gpt-4o-mini }
        resilience:
          retry: { max-attempts: 3, initial-backoff: 200ms, max-backoff: 5s }
          circuit-breaker: { enabled: true, failure-rate-threshold: 50, sliding-window: 20, minimum-calls: 10, open-for: 30s }
        pricing:
          unknown: block
          overrides:
            - { provider: foundry-us, model: gpt-4o-mini, input-per-million: 0.14, output-per-million: 0.55 }
        compliance:
          policy: builtin:example-hospital
          detector: { min-confidence: 0.5 }
          audit-key: "bench-audit-key-0123456789abcdef0123456789"
        audit: { type: file, path: audit.jsonl, sync: %s, preallocate: %s }
        """
        .formatted(port, sync, preallocate);
  }

  private static String minimal(int port) {
    return """
        providers:
          foundry-us:
            type: foundry
            endpoint: http://127.0.0.1:%d
            api: openai-v1
            auth: { type: api-key, key: bench-key }
        models:
          notes: { provider: foundry-us, model: gpt-4o-mini }
        pricing: { unknown: flag }
        """
        .formatted(port);
  }

  @TearDown(Level.Trial)
  public void tearDown() throws IOException {
    client.close();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
    try (var files = Files.list(dir)) {
      for (Path p : files.toList()) Files.deleteIfExists(p);
    }
    Files.deleteIfExists(dir);
  }

  /** One chat call through the whole client. */
  @Benchmark
  public String client() {
    return client.chat(request).text();
  }

  /**
   * The floor plus the disk work the durable promise needs at the least, for the durable rows' goal
   * (the floor plus one fsync), measured in the same run as they are: a decision-sized line
   * appended and forced before the call, an outcome-sized line appended after it, as {@code sync:
   * decisions} does. This disk's fsync drifts within the hour and costs more when the CPUs were
   * busy between fsyncs, so an fsync timed alone in another run is no fair yardstick. With {@code
   * preallocate} the file keeps that many zeros ahead of its lines, as the trail does, so that its
   * fsyncs rewrite blocks as the client's do: a client with preallocation measured against a
   * yardstick that grows its file would be credited with the cheaper fsync.
   */
  @Benchmark
  public String floorPlusFsync(AuditFile file) throws IOException {
    file.append(file.decision, true);
    String answer = rawOkHttpJackson();
    file.append(file.outcome, false);
    return answer;
  }

  /**
   * One thread's file for {@link #floorPlusFsync}, written at its end with positional writes, with
   * the benchmark's {@code preallocate} bytes of zeros kept ahead of its lines.
   */
  @State(Scope.Thread)
  public static class AuditFile {
    // the sizes of the hospital pipeline's decision and outcome records, newline included
    final ByteBuffer decision = line(1346);
    final ByteBuffer outcome = line(1183);
    private final ByteBuffer zeros = ByteBuffer.allocateDirect(64 * 1024);
    Path path;
    FileChannel channel;
    long end;
    long preallocate;
    long size;

    private static ByteBuffer line(int size) {
      ByteBuffer b = ByteBuffer.allocateDirect(size);
      while (b.position() < size - 1) b.put((byte) 'x');
      return b.put((byte) '\n');
    }

    @Setup(Level.Trial)
    public void open(HospitalPipelineBenchmark bench) throws IOException {
      open(bytes(bench.preallocate));
    }

    /** The benchmark's {@code preallocate} as bytes; the yardstick reads a plain number only. */
    public static long bytes(String preallocate) {
      try {
        return Long.parseLong(preallocate);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "preallocate must be a number of bytes here (262144 rather than 256KB), not "
                + preallocate,
            e);
      }
    }

    /** Opens a new file that keeps {@code preallocate} bytes of zeros ahead (0: none). */
    public void open(long preallocate) throws IOException {
      Path base = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
      path = Files.createTempFile(base, "floor-fsync", ".jsonl");
      channel = FileChannel.open(path, StandardOpenOption.WRITE);
      this.preallocate = preallocate;
    }

    void append(ByteBuffer line, boolean force) throws IOException {
      line.rewind();
      // as the trail's BatchWriter does: zeros written from the end to a chunk past the line, in
      // the same batch, so this batch's fsync commits the new size and the next ones rewrite blocks
      if (preallocate > 0 && end + line.remaining() > size) {
        long target = end + line.remaining() + preallocate;
        while (size < target) {
          zeros.clear().limit((int) Math.min(zeros.capacity(), target - size));
          while (zeros.hasRemaining()) size += channel.write(zeros, size);
        }
      }
      while (line.hasRemaining()) end += channel.write(line, end);
      size = Math.max(size, end);
      if (force) channel.force(false);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
      Files.deleteIfExists(path);
    }
  }

  /** The floor: the same request and answer by hand with OkHttp and Jackson. */
  @Benchmark
  public String rawOkHttpJackson() throws IOException {
    Request r =
        new Request.Builder()
            .url(rawUrl)
            .header("api-key", "bench-key")
            .post(RequestBody.create(mapper.writeValueAsBytes(rawBody), JSON))
            .build();
    try (Response response = raw.newCall(r).execute()) {
      JsonNode root = mapper.readTree(response.body().byteStream());
      return root.path("choices").path(0).path("message").path("content").asText();
    }
  }
}
