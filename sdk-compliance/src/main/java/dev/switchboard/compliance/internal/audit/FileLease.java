package dev.switchboard.compliance.internal.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The audit file's OS lock, held as a short lease across the batches a busy trail writes.
 *
 * <p>Locking, checking the size and unlocking cost three system calls per batch, about as much as
 * the write itself (two batches per call); held for {@link #DEFAULT_NANOS} they are paid once for
 * every few batches. Another process appending to the same file waits for the lease to end (the
 * trail's thread lets an idle trail's lease go). Trails in this JVM on the same file take their
 * {@link SharedFile} turn first, since the JVM refuses a second lock on a file it already locks.
 *
 * <p>Taken and released by the trail's leader, one thread at a time; {@link #held} and {@link
 * #ends} may be read by the trail's thread at any time.
 */
final class FileLease {
  /**
   * A millisecond, but none on Windows: there a file lock is mandatory, so a held lease would stop
   * another process (a verifier) reading the trail, where elsewhere it only makes writers wait.
   */
  static final long DEFAULT_NANOS =
      System.getProperty("os.name", "").startsWith("Windows") ? 0 : 1_000_000;

  private final FileChannel channel;
  private final SharedFile shared;
  private final long nanos;
  private @Nullable FileLock lock;
  private long taken;
  private volatile boolean held;
  private volatile long ends;

  private FileLease(FileChannel channel, SharedFile shared, long nanos) {
    this.channel = channel;
    this.shared = shared;
    this.nanos = nanos;
  }

  /** A lease on {@code path}'s (open) channel lasting {@code nanos}; close it with the channel. */
  static FileLease of(FileChannel channel, Path path, long nanos) throws IOException {
    return new FileLease(channel, SharedFile.of(path), nanos);
  }

  /**
   * Makes sure the lock is held.
   *
   * @return whether it was taken anew (another process may have written since it was last held)
   */
  boolean take() throws IOException {
    if (lock != null) return false;
    shared.take();
    try {
      lock = channel.lock();
    } catch (IOException | RuntimeException | Error e) {
      shared.give();
      throw e;
    }
    taken = System.nanoTime();
    ends = taken + nanos;
    held = true;
    return true;
  }

  /** Lets the lock go, and the turn of the trails in this JVM on the same file. */
  void release() {
    FileLock l = lock;
    if (l == null) return;
    lock = null;
    held = false;
    try {
      l.release();
    } catch (IOException ignored) {
      // the channel is gone: its locks went with it
    } finally {
      shared.give();
    }
  }

  /** Lets the lock go if the lease is over (at once for a lease of 0). */
  void releaseIfOver() {
    if (System.nanoTime() - taken >= nanos) release();
  }

  /** Whether a lease of some length is kept past its batch, so an idle trail must let it go. */
  boolean lingers() {
    return nanos > 0;
  }

  long nanos() {
    return nanos;
  }

  boolean held() {
    return held;
  }

  /** When the current lease ends, on the {@link System#nanoTime()} clock. */
  long ends() {
    return ends;
  }

  /** Releases the lock and this trail's use of the file's turn. */
  void close() {
    release();
    shared.close();
  }
}
