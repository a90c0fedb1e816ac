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
import java.util.Arrays;
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
 * <p>Under a mode that lets outcome records ride on the next fsync ({@code decisions}, {@code
 * overlap-decisions}) it keeps a copy of the lines written since the last fsync that succeeded. A
 * failed fsync may have dropped them from what the kernel still has to write (Linux marks the pages
 * clean after a writeback error, and a later fsync of the file no longer carries them), though
 * their callers returned long ago: the next batch writes them again at their place, and its fsync
 * carries them. Hand-written because no library keeps an append-only file's unforced tail.
 *
 * <p>Not thread-safe: one leader at a time uses it, and the trail hands the lead from thread to
 * thread under its queue lock, which orders one leader's writes to these fields before the next
 * leader's reads. Who leads, and when, is the trail's business; this class only writes.
 */
final class BatchWriter {
  private static final Logger log = LoggerFactory.getLogger(BatchWriter.class);
  // what extend writes from: zeros, shared read-only by every trail
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 * 1024).asReadOnlyBuffer();
  // the most of deferred lines kept for a rewrite; a copy this big is let go once forced
  static final int UNFORCED_LIMIT = 1024 * 1024;

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
  // Deferred modes only: the lines from forcedEnd on, written since the last fsync that succeeded,
  // to write again after a failed fsync (see the class comment). Bounded: a batch that would take
  // it past UNFORCED_LIMIT is forced.
  private byte[] unforcedLines = new byte[0];
  private int unforcedLength;
  private long forcedEnd;
  private boolean rewriteDue;
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
    if (knownSize < forcedEnd + unforcedLength) {
      // the records this trail kept to write again are gone from the file (cut by another hand):
      // writing them back would put bytes where the file no longer has them
      log.warn(
          "the audit file {} no longer holds the outcome records kept for a rewrite; the verifier"
              + " reports the cut",
          path);
      unforcedLength = 0;
      rewriteDue = false;
    }
    if (unforcedLength == 0) forcedEnd = knownSize;
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
      boolean rewrote = rewriteDue;
      if (rewrote) rewriteUnforced();
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
      long start = knownSize;
      long at = start;
      try {
        if (preallocate > 0 && at + length > fileSize) extend(at + length);
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
        fileSize = Math.max(fileSize, at);
      } catch (IOException e) {
        cutBack();
        throw e;
      }
      bytes.flip(); // the lines again, for a copy should they ride on the next fsync
      return new Written(start, at, seq, prev, alert != null, rewrote, bytes);
    } catch (IOException | RuntimeException | Error e) {
      lease.release();
      throw e;
    }
  }

  /**
   * Writes again, at their place, the lines of deferred batches that a failed fsync may have
   * dropped; the batch written next is forced, so that its fsync carries them.
   */
  private void rewriteUnforced() throws IOException {
    log.warn(
        "writing {} bytes of audit records again, which a failed fsync of {} may have dropped",
        unforcedLength,
        path);
    ByteBuffer lines = ByteBuffer.wrap(unforcedLines, 0, unforcedLength);
    long at = forcedEnd;
    while (lines.hasRemaining()) at += channel.write(lines, at);
    rewriteDue = false;
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
      if (mustForce(w, batch)) {
        try {
          channel.force(false);
        } catch (IOException e) {
          cutBack();
          if (unforcedLength > 0) rewriteDue = true;
          lease.release();
          throw e;
        }
        forces++;
        unforced = false;
        forcedEnd = w.end;
        unforcedLength = 0;
        if (unforcedLines.length > UNFORCED_LIMIT) unforcedLines = new byte[0];
      } else {
        unforced = true;
        if (FileAuditTrail.defersOutcomes(sync)) keepUnforced(w.lines);
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

  /** Copies a deferred batch's lines after those kept since the last fsync. */
  private void keepUnforced(ByteBuffer lines) {
    int length = lines.remaining();
    if (unforcedLength + length > unforcedLines.length) {
      unforcedLines =
          Arrays.copyOf(unforcedLines, Math.max(unforcedLength + length, unforcedLines.length * 2));
    }
    lines.get(unforcedLines, unforcedLength, length);
    unforcedLength += length;
  }

  /**
   * A batch written under the file lock, its fsync and commit still to come; {@code lines} are its
   * bytes, valid until the next batch is written.
   */
  static final class Written {
    final long start;
    final long end;
    final long nextSeq;
    final byte[] head;
    final boolean alert;
    final boolean rewrote;
    final ByteBuffer lines;

    Written(
        long start,
        long end,
        long nextSeq,
        byte[] head,
        boolean alert,
        boolean rewrote,
        ByteBuffer lines) {
      this.start = start;
      this.end = end;
      this.nextSeq = nextSeq;
      this.head = head;
      this.alert = alert;
      this.rewrote = rewrote;
      this.lines = lines;
    }
  }

  private boolean mustForce(Written w, List<QueuedRecord> batch) {
    if (w.alert || w.rewrote) return true; // the alert, and lines written again, must be on disk
    if (sync == Sync.OS) return false;
    if (!FileAuditTrail.defersOutcomes(sync)) return true;
    for (QueuedRecord r : batch) if (!r.deferred) return true;
    // Outcome records only: they ride on the next fsync, unless the copy kept for a rewrite would
    // grow past its bound or not go on from where the kept lines end (another process appended).
    int length = (int) (w.end - w.start);
    return unforcedLength + length > UNFORCED_LIMIT || w.start != forcedEnd + unforcedLength;
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
    if (rewriteDue) {
      // a failed fsync left deferred lines that no batch wrote again since: written again here,
      // unless the file no longer reaches them, and forced below
      try {
        lease.take();
        if (channel.size() >= forcedEnd + unforcedLength) {
          rewriteUnforced();
          unforced = true;
        }
      } catch (IOException e) {
        log.warn(
            "the audit records a failed fsync may have dropped could not be written again to {}"
                + " ({})",
            path,
            e.getClass().getSimpleName());
      }
    }
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
