package dev.switchboard.compliance.internal.audit;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.BitSet;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real file channel whose {@code force} runs a script first: counts calls, and can block or fail
 * a chosen one, to stand for a slow or failing disk.
 *
 * <p>It also keeps what a power cut would leave ({@link #powerCut}), as Linux's page cache does: a
 * write dirties its bytes, an fsync that succeeds puts the dirty bytes on the disk, and one that
 * fails drops them from what is still to be written (after a writeback error the kernel marks the
 * pages clean, so a later fsync of the file does not carry them). The file itself, what readers
 * see, keeps them all.
 */
final class ScriptedDiskChannel extends FileChannel {
  /** What happens on one call of {@code force}, given its number (from 1). */
  @FunctionalInterface
  interface ForceScript {
    void before(int call) throws IOException;
  }

  private final FileChannel real;
  private final ForceScript script;
  final AtomicInteger forces = new AtomicInteger();
  final AtomicInteger locks = new AtomicInteger();
  // the thread that made the last positional write: shows which thread writes a batch
  volatile String lastWriter = "";
  // guarded by this: the bytes written since the last fsync that reached the disk, and the disk
  private final BitSet dirty = new BitSet();
  private byte[] disk = new byte[0];

  ScriptedDiskChannel(Path path, ForceScript script) throws IOException {
    this.real = ScriptedDiskTrails.openReadWrite(path);
    this.script = script;
  }

  @Override
  public void force(boolean metaData) throws IOException {
    try {
      script.before(forces.incrementAndGet());
    } catch (IOException e) {
      synchronized (this) {
        dirty.clear(); // the writeback failed: the pages are clean now, their bytes never landed
      }
      throw e;
    }
    real.force(metaData);
    synchronized (this) {
      byte[] now = Arrays.copyOf(disk, Math.toIntExact(real.size()));
      for (int i = dirty.nextSetBit(0); i >= 0 && i < now.length; i = dirty.nextSetBit(i + 1)) {
        int end = Math.min(dirty.nextClearBit(i), now.length);
        ByteBuffer into = ByteBuffer.wrap(now, i, end - i);
        while (into.hasRemaining()) {
          if (real.read(into, into.position()) < 0) break;
        }
        i = end;
      }
      disk = now;
      dirty.clear();
    }
  }

  /** The file as a power cut now would leave it: what the fsyncs that succeeded put on the disk. */
  synchronized byte[] powerCut() {
    return disk.clone();
  }

  @Override
  public int read(ByteBuffer dst) throws IOException {
    return real.read(dst);
  }

  @Override
  public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
    return real.read(dsts, offset, length);
  }

  @Override
  public int write(ByteBuffer src) throws IOException {
    long at = real.position();
    int n = real.write(src);
    dirtied(at, n);
    return n;
  }

  @Override
  public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
    long at = real.position();
    long n = real.write(srcs, offset, length);
    dirtied(at, Math.toIntExact(n));
    return n;
  }

  @Override
  public long position() throws IOException {
    return real.position();
  }

  @Override
  public FileChannel position(long newPosition) throws IOException {
    real.position(newPosition);
    return this;
  }

  @Override
  public long size() throws IOException {
    return real.size();
  }

  @Override
  public FileChannel truncate(long size) throws IOException {
    real.truncate(size);
    synchronized (this) {
      dirty.clear(Math.toIntExact(size), Math.max(dirty.length(), Math.toIntExact(size)));
    }
    return this;
  }

  @Override
  public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
    return real.transferTo(position, count, target);
  }

  @Override
  public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
    return real.transferFrom(src, position, count);
  }

  @Override
  public int read(ByteBuffer dst, long position) throws IOException {
    return real.read(dst, position);
  }

  @Override
  public int write(ByteBuffer src, long position) throws IOException {
    lastWriter = Thread.currentThread().getName();
    int n = real.write(src, position);
    dirtied(position, n);
    return n;
  }

  private synchronized void dirtied(long at, int n) {
    if (n > 0) dirty.set(Math.toIntExact(at), Math.toIntExact(at + n));
  }

  @Override
  public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
    return real.map(mode, position, size);
  }

  @Override
  public FileLock lock(long position, long size, boolean shared) throws IOException {
    locks.incrementAndGet();
    return real.lock(position, size, shared);
  }

  @Override
  public FileLock tryLock(long position, long size, boolean shared) throws IOException {
    return real.tryLock(position, size, shared);
  }

  @Override
  protected void implCloseChannel() throws IOException {
    real.close();
  }
}
