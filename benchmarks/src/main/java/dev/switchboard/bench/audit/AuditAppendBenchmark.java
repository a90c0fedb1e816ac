package dev.switchboard.bench.audit;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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

/**
 * Records per second appended to the file audit trail, by durability mode, at any thread count (the
 * trail is shared by all threads, as one client's trail is), and the disk's fsync on its own for
 * scale. A decision-sized record (about 700 bytes of canonical JSON).
 *
 * <pre>
 * java -jar benchmarks/target/benchmarks.jar AuditAppendBenchmark.append -t 64 -p sync=group
 * java -jar benchmarks/target/benchmarks.jar "AuditAppendBenchmark.fsync.*" -p sync=os -bm sample -tu us -t 1
 * for t in 1 2 4 8; do
 *   java -jar benchmarks/target/benchmarks.jar AuditAppendBenchmark.fsyncOverlapping -p sync=os -t $t
 * done
 * </pre>
 *
 * <p>The {@code fsync} benchmarks do not use the trail; {@code -p sync=os} only keeps JMH from
 * running them once per mode.
 *
 * <p>The file lives in {@code -Dbench.dir} (default: the system temp dir): put it on the disk the
 * trail would use. Goal: at least 50,000 records/s with group commit at 64 threads.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AuditAppendBenchmark {
  @Param({"group", "every-record", "os"})
  public String sync;

  /** Bytes of zeros the trail keeps written ahead of its records (0: none), for {@code append}. */
  @Param({"0"})
  public long preallocate;

  private Path dir;
  private AuditTrail trail;
  private AuditEvent event;

  @Setup(Level.Trial)
  public void open() throws IOException {
    dir = Files.createTempDirectory(benchDir(), "audit-bench");
    trail = AuditTrail.file(dir.resolve("audit.jsonl"), AuditTrail.Sync.parse(sync), preallocate);
    event = decisionRecord();
  }

  @TearDown(Level.Trial)
  public void close() throws IOException {
    trail.close();
    Files.deleteIfExists(dir.resolve("audit.jsonl"));
    Files.deleteIfExists(dir);
  }

  /** A decision record as the hospital pipeline writes one: codes, ids and keyed hashes only. */
  static AuditEvent decisionRecord() {
    Map<String, Object> f = new LinkedHashMap<>();
    f.put("callId", "0193a6f2-5e1c-7d2a-9b7e-3f1c2d4e5a6b");
    f.put("application", "discharge-notes");
    f.put("model", "notes");
    f.put("decision", "ALLOW");
    f.put("policyHash", "sha256:4f1c0d9e7a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5");
    f.put("ruleIds", List.of("phi-baa-required", "phi-treatment-minimum-necessary"));
    f.put("obligations", List.of("AUDTR"));
    f.put("dataClass", "PHI");
    f.put("purposeOfUse", "TREAT");
    f.put("requester", Map.of("id", "u-1", "role", "attending", "organization", "bench"));
    f.put("eligibleProviders", List.of("foundry-us"));
    f.put("promptHash", "k1:9f2c4b7a1e3d5f6081726354a9b8c7d6e5f40312a1b2c3d4e5f60718293a4b5c");
    f.put("patientHash", "k1:1a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f809");
    f.put("findings", Map.of("NAME", 2, "MRN", 1, "DATE", 2, "PHONE", 1, "EMAIL", 1));
    f.put("estimatedCost", 0.000412);
    return new AuditEvent("ai.decision", f);
  }

  /** Where the benchmark's files go: {@code -Dbench.dir}, else the system temp dir. */
  static Path benchDir() {
    return Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
  }

  /** A new empty file in {@link #benchDir()}. */
  static Path benchFile(String prefix) throws IOException {
    return Files.createTempFile(benchDir(), prefix, ".bin");
  }

  /** Appends one record and returns once it is as durable as the mode promises. */
  @Benchmark
  public long append() {
    return trail.append(event).seq();
  }

  /** The disk's fsync on its own: one small write and one {@code force}, single thread. */
  @State(Scope.Thread)
  public static class RawFile {
    Path file;
    FileChannel channel;
    final ByteBuffer line =
        ByteBuffer.wrap(("x".repeat(700) + "\n").getBytes(StandardCharsets.US_ASCII));

    @Setup(Level.Trial)
    public void open() throws IOException {
      file = benchFile("fsync-bench");
      channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  /**
   * The disk's fsync as the trail does it: a file opened for positional writes, the OS file lock,
   * the size check, one record-sized line (1,400 bytes, as a hospital decision record) written at
   * the end, {@code force(false)}, unlock. Against {@link #fsyncAlone} it shows what the trail's
   * own steps add to an fsync; against {@link #fsyncOverwrite}, what growing the file costs.
   */
  @State(Scope.Thread)
  public static class TrailLikeFile {
    Path file;
    FileChannel channel;
    long end;
    final ByteBuffer line = ByteBuffer.allocateDirect(1400);

    @Setup(Level.Trial)
    public void open() throws IOException {
      file = benchFile("fsync-trail-bench");
      channel =
          FileChannel.open(
              file, StandardOpenOption.READ, StandardOpenOption.WRITE, StandardOpenOption.CREATE);
      while (line.hasRemaining()) line.put((byte) 'x');
      line.put(line.capacity() - 1, (byte) '\n');
      // 64 MB written and forced once, for fsyncOverwrite: rewriting it never grows the file
      ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
      for (int i = 0; i < 64; i++) {
        zeros.clear();
        channel.write(zeros, (long) i << 20);
      }
      channel.force(true);
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
      channel.close();
      Files.deleteIfExists(file);
    }
  }

  /** As the trail appends one record alone: lock, size, write at the end, fsync, unlock. */
  @Benchmark
  @SuppressWarnings("try") // the lock is held for the block
  public long fsyncLikeTrail(TrailLikeFile f) throws IOException {
    try (FileLock lock = f.channel.lock()) {
      long at = f.channel.size();
      f.line.rewind();
      while (f.line.hasRemaining()) at += f.channel.write(f.line, at);
      f.channel.force(false);
      return at;
    }
  }

  /**
   * One record-sized line rewritten inside the file (wrapping within its first 64 MB) and forced:
   * an fsync that changes no metadata, so the file system commits no journal transaction. What a
   * preallocated file would pay, were its unwritten tail not visible to readers.
   */
  @Benchmark
  public long fsyncOverwrite(TrailLikeFile f) throws IOException {
    long at = f.end;
    f.line.rewind();
    while (f.line.hasRemaining()) at += f.channel.write(f.line, at);
    f.channel.force(false);
    f.end = at >= (64L << 20) - 1400 ? 0 : at;
    return at;
  }

  /** One file shared by all of a run's threads, and where it ends. */
  @State(Scope.Benchmark)
  public static class OneFile {
    Path file;
    final AtomicLong end = new AtomicLong();

    @Setup(Level.Trial)
    public void create() throws IOException {
      file = benchFile("fsync-overlap-bench");
    }

    @TearDown(Level.Trial)
    public void delete() throws IOException {
      Files.deleteIfExists(file);
    }
  }

  /** This thread's own descriptor of {@link OneFile}, opened on its first call. */
  @State(Scope.Thread)
  public static class OwnDescriptor {
    FileChannel channel;
    final ByteBuffer line = ByteBuffer.allocateDirect(700);

    @TearDown(Level.Trial)
    public void close() throws IOException {
      if (channel != null) channel.close();
    }
  }

  /**
   * A 700-byte line written at a place reserved in one shared file, then forced through this
   * thread's own descriptor (each open file description sees every write-back error of the file
   * since it last looked, so no fsync can take another's error). At {@code -t 1} what {@link
   * #fsyncAlone} measures; at more threads, whether the disk completes fsyncs that overlap faster
   * than one at a time: what a trail keeping several batches' fsyncs in flight would build on.
   */
  @Benchmark
  public long fsyncOverlapping(OneFile f, OwnDescriptor d) throws IOException {
    if (d.channel == null) d.channel = FileChannel.open(f.file, StandardOpenOption.WRITE);
    d.line.clear();
    long at = f.end.getAndAdd(d.line.capacity());
    while (d.line.hasRemaining()) at += d.channel.write(d.line, at);
    d.channel.force(false);
    return at;
  }

  /** One 700-byte append and one fsync: what every durable batch pays at least once. */
  @Benchmark
  public int fsyncAlone(RawFile f) throws IOException {
    f.line.rewind();
    int n = f.channel.write(f.line);
    f.channel.force(false);
    return n;
  }
}
