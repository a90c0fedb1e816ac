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
 * <p>Not thread-safe: one leader at a time uses it, and the trail hands the lead from thread to
 * thread under its queue lock, which orders one leader's writes to these fields before the next
 * leader's reads. Who leads, and when, is the trail's business; this class only writes.
 */
final class BatchWriter {
  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);

  private final Path path;
  private final Sync sync;
  private final Clock clock;
  private final FileChannel channel;
  private final FileLease lease;
  // run when a batch takes the lease anew (the trail wakes its thread to let it go when idle)
  private final Runnable onNewLease;
  private final MessageDigest sha;
  private ByteBuffer batchBuffer = ByteBuffer.allocateDirect(64 * 1024);
  private long knownSize;
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
      Runnable onNewLease) {
    this.path = path;
    this.sync = sync;
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
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
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
    if (channel.size() != knownSize) readHead();
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
    if (sync != Sync.DECISIONS) return true;
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
    closeChannel();
    lease.close();
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
