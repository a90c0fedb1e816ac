package dev.switchboard.bench.audit;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * What an fsync costs the thread that makes it, in CPU as well as in wall time: one thread writes a
 * 1,400-byte line and forces it ({@code force(false)}, an {@code fdatasync}), thousands of times,
 * and reads its own CPU time around each call. Two kinds: lines appended at the file's end (each
 * fsync also commits the new size), and lines written over zeros written and forced beforehand (a
 * preallocated file, as the trail keeps with {@code preallocate}).
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar dev.switchboard.bench.audit.FsyncCpu [fsyncs a round, 3000]
 * </pre>
 *
 * <p>Why: the calling threads' CPU a call is the steady reading of the many-threaded rows, and a
 * thread that forces a batch is charged for the kernel's work in the fsync. On a VM that work can
 * be tens of microseconds, so how many records share a batch shows in the CPU a call. JMH times the
 * wall only ({@code AuditAppendBenchmark.fsync*}). {@code -Dbench.dir} as the benchmarks read it
 * (default the temp dir).
 */
public final class FsyncCpu {
  private static final int LINE = 1_400;
  private static final int ROUNDS = 3;

  private FsyncCpu() {}

  /** Runs both kinds; see the class comment for the argument. */
  public static void main(String[] args) throws IOException {
    int fsyncs = args.length > 0 ? Integer.parseInt(args[0]) : 3_000;
    Path dir = Path.of(System.getProperty("bench.dir", System.getProperty("java.io.tmpdir")));
    for (boolean preallocated : new boolean[] {false, true}) {
      Path file = Files.createTempFile(dir, "fsync-cpu", ".bin");
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
        if (preallocated) zeros(channel, (long) LINE * fsyncs * ROUNDS);
        long at = 0;
        for (int round = 0; round < ROUNDS; round++) {
          at = round(channel, at, fsyncs, preallocated);
        }
      } finally {
        Files.deleteIfExists(file);
      }
    }
  }

  private static void zeros(FileChannel channel, long size) throws IOException {
    ByteBuffer zeros = ByteBuffer.allocateDirect(1 << 20);
    for (long at = 0; at < size; ) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), size - at));
      while (zeros.hasRemaining()) at += channel.write(zeros, at);
    }
    channel.force(true);
  }

  /** One round: writes and forces {@code fsyncs} lines from {@code at}; returns where it ended. */
  private static long round(FileChannel channel, long at, int fsyncs, boolean preallocated)
      throws IOException {
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    ByteBuffer line = ByteBuffer.allocateDirect(LINE);
    long writeCpu = 0;
    long forceCpu = 0;
    long forceWall = 0;
    for (int i = 0; i < fsyncs; i++) {
      line.clear();
      long cpu0 = threads.getCurrentThreadCpuTime();
      while (line.hasRemaining()) at += channel.write(line, at);
      long cpu1 = threads.getCurrentThreadCpuTime();
      long wall1 = System.nanoTime();
      channel.force(false);
      forceWall += System.nanoTime() - wall1;
      forceCpu += threads.getCurrentThreadCpuTime() - cpu1;
      writeCpu += cpu1 - cpu0;
    }
    System.out.printf(
        Locale.ROOT,
        "%s: fsync %.1f us wall, %.1f us CPU; write %.1f us CPU (%,d fsyncs)%n",
        preallocated ? "over zeros" : "appended  ",
        forceWall / 1e3 / fsyncs,
        forceCpu / 1e3 / fsyncs,
        writeCpu / 1e3 / fsyncs,
        fsyncs);
    return at;
  }
}
