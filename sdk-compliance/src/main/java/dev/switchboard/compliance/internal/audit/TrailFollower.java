package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrailException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads a JSON-lines audit file's whole records as they are appended, read-only: the machinery of
 * {@code AuditFileFollower}.
 *
 * <p>Hand-written because followers of a file ({@code tail -f}, log shippers) read up to the file's
 * size, and a trail with {@code preallocate} keeps zeros written after its records while it is
 * open. This one reads up to the first zero byte (a record never holds one) and hands out only
 * lines that end in their newline; a line still being written waits for the next poll.
 *
 * <p>A trail rewrites its file only where its records end: it cuts a failed batch back, or, on
 * open, a torn last record. A follower that already returned such a record must not go on as if it
 * stood, since the next records reuse its sequence numbers; so each poll first checks that the
 * bytes before its position are still the ones it read (the end of the last record returned, which
 * holds its hash), and that the path still names the file it opened.
 */
public final class TrailFollower implements AutoCloseable {
  /** Bytes read per poll at most, unless a single record is longer. */
  static final int DEFAULT_CHUNK = 1 << 20;

  /** Longer records are refused: a file holding one is not an audit trail written by this SDK. */
  static final int DEFAULT_MAX_RECORD = 64 << 20;

  // how much of the last record returned is kept to check it still stands: more than its hash
  private static final int CHECKED_TAIL = 96;

  private final Path path;
  private final FileChannel channel;
  private final @Nullable Object fileKey;
  private final int maxRecord;
  private final int firstChunk;
  private int chunk; // grows for a record longer than a chunk, back after it
  private byte[] bytes; // reused between polls
  private long position;
  private byte[] tail; // the bytes just before position, as read

  private TrailFollower(Path path, FileChannel channel, int chunk, int maxRecord)
      throws IOException {
    this.path = path;
    this.channel = channel;
    this.fileKey = fileKey(path);
    this.firstChunk = chunk;
    this.chunk = chunk;
    this.maxRecord = maxRecord;
    this.bytes = new byte[Math.min(chunk, 64 << 10)];
    this.tail = new byte[0];
  }

  /**
   * Opens {@code path} to follow from byte {@code position}: 0, or a position an earlier follower
   * reported, the start of a record.
   *
   * @throws AuditTrailException if the file cannot be read, or no record starts at {@code position}
   */
  public static TrailFollower open(Path path, long position) {
    return open(path, position, DEFAULT_CHUNK, DEFAULT_MAX_RECORD);
  }

  static TrailFollower open(Path path, long position, int chunk, int maxRecord) {
    Objects.requireNonNull(path, "path");
    if (position < 0)
      throw new IllegalArgumentException("position must be 0 or more, not " + position);
    FileChannel channel = null;
    try {
      channel = FileChannel.open(path, StandardOpenOption.READ);
      TrailFollower f = new TrailFollower(path, channel, chunk, maxRecord);
      f.startAt(position);
      return f;
    } catch (IOException e) {
      closeQuietly(channel);
      throw unreadable(path, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private void startAt(long at) throws IOException {
    if (at == 0) return;
    long end = TrailTail.endOfRecords(channel, channel.size());
    if (at > end || TrailTail.byteAt(channel, at - 1) != '\n')
      throw new AuditTrailException(
          "no record of "
              + path
              + " starts at byte "
              + at
              + " (its records end at byte "
              + end
              + "); resume from a position the follower reported",
          null);
    position = at;
    tail = read(Math.max(0, at - CHECKED_TAIL), at);
  }

  /** One line {@link #poll} returned, parsed, its hash recomputed; the message never quotes it. */
  public static AuditEntry entry(String line) {
    Chain.Stored s = Chain.parse(Objects.requireNonNull(line, "line"));
    if (s == null)
      throw new AuditTrailException(
          "the line is not a well-formed audit record; run audit verify on its file", null);
    return Chain.entry(s.record(), s.prev());
  }

  /** The byte just after the last record returned: where a follower opened later resumes. */
  public long position() {
    return position;
  }

  /**
   * The whole records appended since the last poll (up to about a megabyte of them), each without
   * its newline; empty when none is complete yet.
   *
   * @throws AuditTrailException if the file cannot be read, was replaced or removed, rewrites a
   *     record already returned, or holds a record longer than 64 MiB
   */
  public List<String> poll() {
    return poll(Integer.MAX_VALUE);
  }

  /**
   * As {@link #poll()}, returning {@code max} records at most; the position moves past those only.
   *
   * @throws IllegalArgumentException if {@code max} is not positive
   */
  public List<String> poll(int max) {
    if (max < 1) throw new IllegalArgumentException("max must be 1 or more, not " + max);
    try {
      checkStillTheFile();
      long size = channel.size();
      if (size < position || !Arrays.equals(read(position - tail.length, position), tail))
        throw new AuditTrailException(
            path
                + " was rewritten before byte "
                + position
                + ": a record already returned was withdrawn (a failed batch cut back, or a torn"
                + " record cut on open); run audit verify and resume from a record that stands",
            null);
      while (true) {
        long want = Math.min(size - position, chunk);
        if (want <= 0) return List.of();
        int read = fill(position, (int) want);
        int records = firstZero(bytes, read); // the zeros after it are padding, not records
        int end = lastNewline(bytes, records) + 1;
        if (end > 0) {
          List<String> lines = take(bytes, end, max);
          if (chunk > firstChunk) { // a long record is behind: give its memory back
            chunk = firstChunk;
            bytes = new byte[Math.min(firstChunk, 64 << 10)];
          }
          return lines;
        }
        // no whole line: a record still being written (before the file's end or the zeros)
        if (want < chunk || read < want || records < read) return List.of();
        if (chunk >= maxRecord)
          throw new AuditTrailException(
              "the record at byte "
                  + position
                  + " of "
                  + path
                  + " is longer than "
                  + maxRecord
                  + " bytes; this is not an audit trail this SDK wrote",
              null);
        chunk = (int) Math.min((long) chunk * 2, maxRecord);
      }
    } catch (IOException e) {
      throw unreadable(path, e);
    }
  }

  private void checkStillTheFile() throws IOException {
    Object now;
    try {
      now = fileKey(path);
    } catch (NoSuchFileException e) {
      throw new AuditTrailException(path + " was removed while it was followed", e);
    }
    if (fileKey != null && !fileKey.equals(now))
      throw new AuditTrailException(
          path + " now names another file (replaced or rotated); follow the new one from byte 0",
          null);
  }

  /** The index of the first zero byte among the first {@code n} of {@code a}, or {@code n}. */
  private static int firstZero(byte[] a, int n) {
    for (int i = 0; i < n; i++) if (a[i] == 0) return i;
    return n;
  }

  /** The index of the last newline among the first {@code n} bytes of {@code a}, or -1. */
  private static int lastNewline(byte[] a, int n) {
    for (int i = n - 1; i >= 0; i--) if (a[i] == '\n') return i;
    return -1;
  }

  /**
   * The lines in {@code a} before {@code end}, {@code max} at most; moves the position past them.
   */
  private List<String> take(byte[] a, int end, int max) {
    List<String> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < end && lines.size() < max; i++) {
      if (a[i] == '\n') {
        lines.add(new String(a, start, i - start, StandardCharsets.UTF_8));
        start = i + 1;
      }
    }
    end = start; // the byte after the last line taken
    position += end;
    // the bytes before the new position: this batch's last ones, after the earlier ones if short
    int fromNew = Math.min(CHECKED_TAIL, end);
    int fromOld = Math.min(CHECKED_TAIL - fromNew, tail.length);
    byte[] t = new byte[fromOld + fromNew];
    System.arraycopy(tail, tail.length - fromOld, t, 0, fromOld);
    System.arraycopy(a, end - fromNew, t, fromOld, fromNew);
    tail = t;
    return lines;
  }

  /**
   * Reads {@code length} bytes from {@code at} into {@link #bytes}.
   *
   * @return how many were read: fewer at the file's end
   */
  private int fill(long at, int length) throws IOException {
    if (bytes.length < length) bytes = new byte[length];
    ByteBuffer b = ByteBuffer.wrap(bytes, 0, length);
    while (b.hasRemaining()) {
      if (channel.read(b, at + b.position()) < 0) break;
    }
    return b.position();
  }

  private byte[] read(long from, long to) throws IOException {
    ByteBuffer b = TrailTail.readFully(channel, from, to).flip();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static @Nullable Object fileKey(Path path) throws IOException {
    return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
  }

  private static AuditTrailException unreadable(Path path, IOException e) {
    if (e instanceof NoSuchFileException)
      return new AuditTrailException("the audit file " + path + " does not exist", e);
    return new AuditTrailException(
        "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
  }

  private static void closeQuietly(@Nullable FileChannel channel) {
    if (channel == null) return;
    try {
      channel.close();
    } catch (IOException ignored) {
      // opening failed: nothing was read
    }
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }
}
