package dev.switchboard.compliance.internal.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * The turn of the file trails in this JVM that append to the same file.
 *
 * <p>The OS file lock keeps processes apart, but within one JVM a second {@code FileChannel.lock}
 * on a file the JVM already locks fails at once ({@code OverlappingFileLockException}) instead of
 * waiting. Two trails on one file in one JVM (two clients built from the same configuration) would
 * then fail each other's appends, the more so now that a trail keeps the lock as a lease. So a
 * trail takes this turn before the OS lock and gives it back after releasing it. The turn is fair,
 * so a trail that lets its lease go and has a batch ready at once does not take it again ahead of
 * one waiting.
 */
final class SharedFile {
  // Keyed by the file's real path, so two spellings of one file share a turn; an entry lives while
  // a trail has the file open.
  private static final ConcurrentHashMap<Path, SharedFile> OPEN = new ConcurrentHashMap<>();

  private final Path key;
  private final Semaphore turn = new Semaphore(1, true);
  private int users; // guarded by OPEN's bin lock (compute)

  private SharedFile(Path key) {
    this.key = key;
  }

  /** The turn for this (existing) file; each call is matched by one {@link #close}. */
  static SharedFile of(Path file) throws IOException {
    Path key = file.toRealPath();
    return OPEN.compute(
        key,
        (k, existing) -> {
          SharedFile s = existing != null ? existing : new SharedFile(k);
          s.users++;
          return s;
        });
  }

  /** Waits for the turn; an interrupt is held until it comes (the caller restores it). */
  void take() {
    turn.acquireUninterruptibly();
  }

  void give() {
    turn.release();
  }

  /** One trail stopped using the file: the last one removes the entry. */
  void close() {
    OPEN.computeIfPresent(key, (k, s) -> --s.users == 0 ? null : s);
  }

  /** Whether a trail in this JVM has the file open (for tests). */
  static boolean inUse(Path file) throws IOException {
    return OPEN.containsKey(file.toRealPath());
  }
}
