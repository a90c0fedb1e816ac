package dev.switchboard.compliance.internal.audit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.util.function.LongSupplier;
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
 * <p>A lease that served only the batch that took it bought nothing: the trail's thread woke two or
 * three times to let it go, more than the unlock it saved. That is every lease when calls come
 * apart, as a hospital's do (a vendor answers in milliseconds or more, and a call's two records are
 * that far apart). So after such a lease the lock is taken for one batch at a time, and a lease
 * lingers again once two takes in a row come within a lease's length of the last release.
 *
 * <p>Taken and released by the trail's leader, one thread at a time; {@link #held}, {@link #ends}
 * and {@link #lingers} may be read by the trail's thread at any time.
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
  private final LongSupplier clock;
  private @Nullable FileLock lock;
  private long taken;
  private volatile boolean held;
  private volatile long ends;
  // the current lease's length: nanos, or 0 for a lock taken for one batch
  private volatile long length;
  // whether the next lease lingers (see the class comment)
  private boolean linger = true;
  private int served; // batches the current lease served
  private int closeTakes; // takes in a row that came within a lease's length of the last release
  private boolean releasedOnce;
  private long released;

  private FileLease(FileChannel channel, SharedFile shared, long nanos, LongSupplier clock) {
    this.channel = channel;
    this.shared = shared;
    this.nanos = nanos;
    this.clock = clock;
  }

  /** A lease on {@code path}'s (open) channel lasting {@code nanos}; close it with the channel. */
  static FileLease of(FileChannel channel, Path path, long nanos) throws IOException {
    return of(channel, path, nanos, System::nanoTime);
  }

  /** As {@link #of(FileChannel, Path, long)}, on another nanosecond clock (for tests). */
  static FileLease of(FileChannel channel, Path path, long nanos, LongSupplier clock)
      throws IOException {
    return new FileLease(channel, SharedFile.of(path), nanos, clock);
  }

  /**
   * Makes sure the lock is held.
   *
   * @return whether it was taken anew (another process may have written since it was last held)
   */
  boolean take() throws IOException {
    if (lock != null) {
      served++;
      return false;
    }
    shared.take();
    try {
      lock = channel.lock();
    } catch (IOException | RuntimeException | Error e) {
      shared.give();
      throw e;
    }
    taken = clock.getAsLong();
    if (nanos > 0) {
      closeTakes = releasedOnce && taken - released < nanos ? closeTakes + 1 : 0;
      if (closeTakes >= 2) linger = true;
    }
    length = linger ? nanos : 0;
    served = 1;
    ends = taken + length;
    held = true;
    return true;
  }

  /** Lets the lock go, and the turn of the trails in this JVM on the same file. */
  void release() {
    FileLock l = lock;
    if (l == null) return;
    lock = null;
    held = false;
    released = clock.getAsLong();
    releasedOnce = true;
    try {
      l.release();
    } catch (IOException ignored) {
      // the channel is gone: its locks went with it
    } finally {
      shared.give();
    }
  }

  /** Lets the lock go if the lease is over (at once for a lock taken for one batch). */
  void releaseIfOver() {
    if (lock == null || clock.getAsLong() - taken < length) return;
    // a lease that ran its length judges whether the next one should (a lock let go on open, on a
    // failure or on close does not)
    if (length > 0) linger = served > 1;
    release();
  }

  /**
   * Whether the lease last taken is kept past its batch, so that an idle trail must let it go; not
   * for a lock taken for one batch.
   */
  boolean lingers() {
    return length > 0;
  }

  /** The length of a lease that lingers. */
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
