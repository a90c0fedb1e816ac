package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrailException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The end of a JSON-lines audit file, as an appender needs it: where its records end, the next
 * record's seq and the chain head's hash, read backwards from the last newline so that opening a
 * large file costs one block read. A torn last line (a write a crash or power cut ended half way)
 * is cut back to the last complete record first, and the repair is described by an alert record for
 * the appender to write next.
 *
 * <p>A trail that preallocates keeps zero bytes after its records ({@link BatchWriter}); the
 * records end where those zeros begin. A record never holds a zero byte (canonical JSON escapes
 * U+0000), so the zeros at the end of the file are padding, not data.
 *
 * <p>Read under the OS file lock by whoever calls it: on open, and by a leader that finds the file
 * grown by another process.
 */
final class TrailTail {
  private static final Logger log = LoggerFactory.getLogger(TrailTail.class);
  private static final int BLOCK = 8192;

  private final long size;
  private final long nextSeq;
  private final byte[] head;
  private final @Nullable AuditEvent repairAlert;

  private TrailTail(long size, long nextSeq, byte[] head, @Nullable AuditEvent repairAlert) {
    this.size = size;
    this.nextSeq = nextSeq;
    this.head = head;
    this.repairAlert = repairAlert;
  }

  /** Where the file's records end (its padding begins) once any torn tail is cut. */
  long size() {
    return size;
  }

  /** The seq the next record takes. */
  long nextSeq() {
    return nextSeq;
  }

  /** The last record's hash (32 zero bytes for an empty file); the caller owns the array. */
  byte[] head() {
    return head;
  }

  /** The alert record about a torn tail this read cut, or null if the tail was whole. */
  @Nullable AuditEvent repairAlert() {
    return repairAlert;
  }

  /**
   * Reads the tail of the file behind {@code channel}, cutting a torn last line.
   *
   * @param path for messages only
   * @throws AuditTrailException if the last complete record is malformed
   */
  static TrailTail read(FileChannel channel, Path path) throws IOException {
    long size = endOfRecords(channel, channel.size());
    long keep = wholeLinesEnd(channel, size);
    AuditEvent alert = null;
    if (keep < size) {
      alert = cut(channel, path, size, keep);
      size = keep;
    }
    if (size == 0) return new TrailTail(0, 0, new byte[32], alert);
    Chain.Stored last = Chain.parse(lastLine(channel, size));
    if (last == null || !(last.record().get("seq") instanceof Number seq)) {
      throw new AuditTrailException(
          "the last record of the audit file " + path + " is malformed; run audit verify", null);
    }
    return new TrailTail(size, seq.longValue() + 1, HexFormat.of().parseHex(last.hash()), alert);
  }

  /**
   * Cuts a torn last line (under the forcing modes never acknowledged, since its fsync never
   * completed) back to {@code keep} bytes, so that the trail can open; logs it (sizes only).
   *
   * @return the alert record that says so
   */
  private static AuditEvent cut(FileChannel channel, Path path, long size, long keep)
      throws IOException {
    channel.truncate(keep);
    channel.force(true);
    log.warn(
        "the audit file {} ended in a partial record ({} bytes after byte {}, a write cut short by a"
            + " crash); cut back to its last complete record",
        path,
        size - keep,
        keep);
    return new AuditEvent(
        "audit.repair",
        Map.of(
            "severity",
            "alert",
            "reasonCode",
            "TORN_TAIL_CUT",
            "cutBytes",
            size - keep,
            "at",
            keep));
  }

  /**
   * Where the file's whole lines end: before a last line without its newline (a torn write), and
   * before any last lines holding a zero byte. A record never holds one; a power cut can leave
   * zeros where the OS had not yet written a record into a preallocated file's padding, and the
   * records after such a hole were never forced (a forced record's fsync wrote every byte before
   * it), so the modes that force lose nothing they returned by cutting them.
   */
  private static long wholeLinesEnd(FileChannel channel, long size) throws IOException {
    long keep =
        size == 0 || byteAt(channel, size - 1) == '\n' ? size : lastNewline(channel, size) + 1;
    while (keep > 0) {
      long start = lastNewline(channel, keep - 1) + 1;
      if (!holdsZero(readFully(channel, start, keep))) break;
      keep = start;
    }
    return keep;
  }

  private static boolean holdsZero(ByteBuffer b) {
    for (int i = 0; i < b.position(); i++) if (b.get(i) == 0) return true;
    return false;
  }

  /**
   * Where the records of a file of {@code size} bytes end: before the zero bytes that pad its end
   * (none unless a trail preallocated it).
   */
  static long endOfRecords(FileChannel channel, long size) throws IOException {
    long pos = size;
    while (pos > 0) {
      long from = Math.max(0, pos - BLOCK);
      ByteBuffer b = readFully(channel, from, pos);
      for (int i = b.position() - 1; i >= 0; i--) {
        if (b.get(i) != 0) return from + i + 1;
      }
      pos = from;
    }
    return 0;
  }

  /** Whether the byte at {@code pos} is padding: zero, or past the end of the file. */
  static boolean paddingAt(FileChannel channel, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    return channel.read(b, pos) < 1 || b.get(0) == 0;
  }

  /** The position of the last newline before {@code size}, or -1 if there is none. */
  private static long lastNewline(FileChannel channel, long size) throws IOException {
    long pos = size;
    while (pos > 0) {
      long from = Math.max(0, pos - BLOCK);
      ByteBuffer b = readFully(channel, from, pos);
      for (int i = b.position() - 1; i >= 0; i--) {
        if (b.get(i) == '\n') return from + i;
      }
      pos = from;
    }
    return -1;
  }

  /** The byte at {@code pos}; 0 past the end of the file. */
  static byte byteAt(FileChannel channel, long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    channel.read(b, pos);
    return b.get(0);
  }

  /** The last line (before the final newline at {@code size - 1}), read backwards in blocks. */
  private static String lastLine(FileChannel channel, long size) throws IOException {
    long end = size - 1;
    long pos = end;
    while (pos > 0) {
      long from = Math.max(0, pos - BLOCK);
      ByteBuffer b = readFully(channel, from, pos);
      for (int i = b.position() - 1; i >= 0; i--) {
        if (b.get(i) == '\n') return text(readFully(channel, from + i + 1, end));
      }
      pos = from;
    }
    return text(readFully(channel, 0, end));
  }

  /** Bytes {@code from} (inclusive) to {@code to} (exclusive), fewer only at end of file. */
  static ByteBuffer readFully(FileChannel channel, long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    while (b.hasRemaining() && channel.read(b, from + b.position()) >= 0) {
      // read until full
    }
    return b;
  }

  private static String text(ByteBuffer b) {
    return new String(b.array(), b.arrayOffset(), b.position(), StandardCharsets.UTF_8);
  }
}
