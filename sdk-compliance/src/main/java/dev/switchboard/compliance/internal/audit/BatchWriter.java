package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail.Sync;
import dev.switchboard.compliance.audit.AuditTrailException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of {@link FileAuditTrail}: the open file, the chain's head and where the file
 * ends. Links a batch to the chain, writes it at the end of the file under the OS file lock's
 * lease, forces it as the mode asks, and only then moves the head past it; a failed write or fsync
 * cuts the file back to where the batch began.
 *
 * <p>With a preallocation chunk it keeps the file's end ahead of its records: zero bytes written
 * (not just reserved) a chunk at a time, which the records then overwrite. On ext4 an fsync that
 * grows a file commits a journal transaction for the new size and blocks; one that rewrites written
 * blocks of a file whose size stays put flushes only the data, and measured about a third cheaper
 * on this project's disk (docs/performance.md, *Sixteenth pass*). The zeros are padding every
 * reader skips ({@link TrailTail}); a clean close cuts them off.
 *
 * <p>Not thread-safe: one leader at a time uses it, and the trail hands the lead from thread to
 * thread under its queue lock, which orders one leader's writes to these fields before the next
 * leader's reads. Who leads, and when, is the trail's business; this class only writes.
 */
final class BatchWriter {
  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
  // what extend writes from: zeros, shared read-only by every trail
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();

  private final Path path;
  private final Sync sync;
  private final Clock clock;
  private final FileChannel channel;
  private final FileLease lease;
  // run when a batch takes the lease anew (the trail wakes its thread to let it go when idle)
  private final Runnable onNewLease;
  private final MessageDigest sha;
  private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(64 * 1024);
  // bytes of zeros to keep ahead of the records (0: none); see the class comment
  private final long preallocate;
  // where the records end (the padding, if any, begins)
  private long knownSize;
  // the file's size while this trail holds the lease (read when it takes it)
  private long fileSize;
  private long nextSeq;
  private boolean unforced; // deferred records written since the last fsync
  private byte[] head = new byte[32];
  // the alert record about a torn tail cut on open (or found by a leader), written first
  private @Nullable AuditEvent repairAlert;
  // Logged at close and read by tests, to see what batching achieves.
  private long batches;
  private long records;
  private long forces;
  private int largestBatch;

  /**
   * Opens (or creates) the file and reads its tail under the file lock.
   *
   * @throws AuditTrailException if the file cannot be opened or read
   */
  BatchWriter(
      Path path,
      Sync sync,
      Clock clock,
      FileAuditTrail.Opener opener,
      long leaseNanos,
      long preallocate,
      Runnable onNewLease) {
    this.path = path;
    this.sync = sync;
    this.preallocate = preallocate;
    this.clock = clock;
    this.onNewLease = onNewLease;
    try {
      this.sha = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      this.channel = opener.open(path);
    } catch (IOException e) {
      throw new AuditTrailException(
          "the audit file " + path + " cannot be opened (" + e.getClass().getSimpleName() + ")", e);
    }
    try {
      this.lease = FileLease.of(channel, path, leaseNanos);
    } catch (IOException e) {
      closeChannel();
      throw unreadable(e);
    }
    try {
      lease.take();
      readHead();
    } catch (IOException e) {
      lease.close();
      closeChannel();
      throw unreadable(e);
    } catch (AuditTrailException e) {
      lease.close();
      closeChannel();
      throw e;
    }
    lease.release();
  }

  private AuditTrailException unreadable(IOException e) {
    return new AuditTrailException(
        "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
  }

  /** The OS file lock as a lease, which the trail's thread lets go when the trail falls idle. */
  FileLease lease() {
    return lease;
  }

  /** Whether a torn tail was cut and its alert record is still to be written. */
  boolean repairAlertDue() {
    return repairAlert != null;
  }

  /** Reads the file's tail: size, next seq, head hash, and the alert about a torn tail it cut. */
  private void readHead() throws IOException {
    TrailTail tail = TrailTail.read(channel, path);
    knownSize = tail.size();
    fileSize = channel.size();
    nextSeq = tail.nextSeq();
    head = tail.head();
    if (tail.repairAlert() != null) repairAlert = tail.repairAlert();
  }

  /**
   * Takes the OS file lock (unless the lease still holds it), links the batch (after the repair
   * alert, if one is due) to the chain and writes it at the end of the file. The lock stays held
   * for {@link #forceAndCommit}, which may run on another thread of this process (a file lock
   * belongs to the process).
   */
  Written write(List<QueuedRecord> batch) throws IOException {
    try {
      takeLease();
      long seq = nextSeq;
      byte[] prev = head;
      int length = 0;
      PreparedRecord alert =
          repairAlert == null ? null : PreparedRecord.unpooled(repairAlert, clock);
      if (alert != null) {
        prev = alert.link(seq++, prev, sha);
        length += alert.lineLength();
      }
      for (QueuedRecord w : batch) {
        prev = w.record.link(seq++, prev, sha);
        length += w.record.lineLength();
      }
      ByteBuffer bytes = buffer(length);
      if (alert != null) alert.writeLine(bytes);
      for (QueuedRecord w : batch) w.record.writeLine(bytes);
      bytes.flip();
      long at = knownSize;
      try {
        if (preallocate > 0 && at + length > fileSize) extend(at + length);
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
        fileSize = Math.max(fileSize, at);
      } catch (IOException e) {
        cutBack();
        throw e;
      }
      return new Written(at, seq, prev, alert != null);
    } catch (IOException | RuntimeException | Error e) {
      lease.release();
      throw e;
    }
  }

  /**
   * Makes sure this trail holds the OS file lock. Taking it anew, re-reads the head if another
   * process appended meanwhile; held since an earlier batch, nobody else can have written.
   */
  private void takeLease() throws IOException {
    if (!lease.take()) return;
    onNewLease.run();
    fileSize = channel.size();
    // another process appended if the file shrank or its records go on past ours: a record's
    // first byte is never zero, padding's always is
    if (fileSize != knownSize && (fileSize < knownSize || !TrailTail.paddingAt(channel, knownSize)))
      readHead();
  }

  /**
   * Writes zeros from the file's end to a chunk past {@code needed}, so that the batches until then
   * rewrite blocks instead of growing the file. The fsync of the batch that needed them carries
   * them.
   */
  private void extend(long needed) throws IOException {
    long target = needed + preallocate;
    ByteBuffer zeros = ZEROS.duplicate();
    long at = fileSize;
    while (at < target) {
      zeros.clear().limit((int) Math.min(zeros.capacity(), target - at));
      while (zeros.hasRemaining()) at += channel.write(zeros, at);
    }
    fileSize = at;
  }

  /**
   * Forces the written batch if the mode asks it and moves the chain head past it; lets the file
   * lock go once the lease is over. A failed fsync cuts the batch back and lets the lock go.
   */
  void forceAndCommit(Written w, List<QueuedRecord> batch) throws IOException {
    try {
      if (w.alert || mustForce(batch)) {
        try {
          channel.force(false);
        } catch (IOException e) {
          cutBack();
          lease.release();
          throw e;
        }
        forces++;
        unforced = false;
      } else {
        unforced = true;
      }
      knownSize = w.end;
      nextSeq = w.nextSeq;
      head = w.head;
      if (w.alert) repairAlert = null;
      batches++;
      records += batch.size();
      largestBatch = Math.max(largestBatch, batch.size());
    } finally {
      lease.releaseIfOver();
    }
  }

  /** A batch written under the file lock, its fsync and commit still to come. */
  static final class Written {
    final long end;
    final long nextSeq;
    final byte[] head;
    final boolean alert;

    Written(long end, long nextSeq, byte[] head, boolean alert) {
      this.end = end;
      this.nextSeq = nextSeq;
      this.head = head;
      this.alert = alert;
    }
  }

  private boolean mustForce(List<QueuedRecord> batch) {
    if (sync == Sync.OS) return false;
    if (!FileAuditTrail.defersOutcomes(sync)) return true;
    for (QueuedRecord w : batch) if (!w.deferred) return true;
    return false;
  }

  /** The reusable batch buffer, grown when a batch needs more; a huge one is not kept. */
  private ByteBuffer buffer(int length) {
    if (length > batchBuffer.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocateDirect(Math.max(length, batchBuffer.capacity() * 2));
      if (bigger.capacity() <= 16 * 1024 * 1024) batchBuffer = bigger;
      bigger.clear();
      return bigger;
    }
    batchBuffer.clear();
    return batchBuffer;
  }

  private void cutBack() {
    try {
      channel.truncate(knownSize);
      fileSize = knownSize;
    } catch (IOException ignored) {
      // the verifier will report the torn record
    }
  }

  /** What batching achieved so far: batches written, records in them, fsyncs, the largest batch. */
  long[] stats() {
    return new long[] {batches, records, forces, largestBatch};
  }

  /**
   * Lets the lease go, forces the deferred outcome records written since the last fsync, and closes
   * the file. Called once nobody leads any more.
   */
  void close() {
    lease.release();
    if (unforced) {
      try {
        channel.force(false);
      } catch (IOException e) {
        log.warn(
            "the audit file's last outcome records could not be forced to disk: {}",
            e.getClass().getSimpleName());
      }
    }
    trimPadding();
    closeChannel();
    lease.close();
  }

  /**
   * Cuts the zeros after the records off (this trail's or another process's), so that a closed file
   * is plain JSON lines again; under the file lock, since another process may be writing. A file
   * that keeps them (this failed, or the process died first) is read correctly all the same.
   */
  private void trimPadding() {
    try {
      if (channel.size() == knownSize) return; // nothing after our records: no lock needed
      lease.take();
      long size = channel.size();
      long end = TrailTail.endOfRecords(channel, size);
      if (end < size) channel.truncate(end);
    } catch (IOException e) {
      log.debug("the audit file's padding stays: {}", e.getClass().getSimpleName());
    } finally {
      lease.release();
    }
  }

  /** Closes the file after a failed start, without the fsync {@link #close} may do. */
  void abandon() {
    lease.close();
    closeChannel();
  }

  private void closeChannel() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }
}
