package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditEvent;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The audit trail as a JSON-lines file. Appends take an in-process lock and an OS file lock, so
 * several processes can share one file; a writer that finds the file grown since its last append
 * re-reads the head first. Each record is forced to disk before {@code append} returns (unless sync
 * is off); a failed write is cut back so no partial record remains.
 */
public final class FileAuditTrail implements AuditTrail {
  private final Path path;
  private final boolean sync;
  private final Clock clock;
  private final FileChannel channel;
  private long knownSize;
  private long nextSeq;
  private String head = AuditEntry.GENESIS_PREV;
  private boolean closed;

  @SuppressWarnings("try") // the file lock is held for the block, never referenced
  public FileAuditTrail(Path path, boolean sync, Clock clock) {
    this.path = path;
    this.sync = sync;
    this.clock = clock;
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      this.channel =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new AuditTrailException(
          "the audit file " + path + " cannot be opened (" + e.getClass().getSimpleName() + ")", e);
    }
    try (FileLock lock = channel.lock()) {
      readHead();
    } catch (IOException e) {
      closeQuietly();
      throw new AuditTrailException(
          "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    } catch (AuditTrailException e) {
      closeQuietly();
      throw e;
    }
  }

  private void readHead() throws IOException {
    long size = channel.size();
    knownSize = size;
    if (size == 0) {
      nextSeq = 0;
      head = AuditEntry.GENESIS_PREV;
      return;
    }
    if (byteAt(size - 1) != '\n') {
      throw new AuditTrailException(
          "the audit file " + path + " ends in a partial record; run audit verify", null);
    }
    Chain.Stored last = Chain.parse(lastLine(size));
    if (last == null || !(last.record().get("seq") instanceof Number seq)) {
      throw new AuditTrailException(
          "the last record of the audit file " + path + " is malformed; run audit verify", null);
    }
    nextSeq = seq.longValue() + 1;
    head = last.hash();
  }

  private byte byteAt(long pos) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(1);
    channel.read(b, pos);
    return b.get(0);
  }

  /** The last line (before the final newline), read backwards in blocks. */
  private String lastLine(long size) throws IOException {
    long end = size - 1;
    long pos = end;
    int block = 8192;
    while (pos > 0) {
      long from = Math.max(0, pos - block);
      ByteBuffer b = ByteBuffer.allocate((int) (pos - from));
      channel.read(b, from);
      for (int i = b.limit() - 1; i >= 0; i--) {
        if (b.get(i) == '\n') return read(from + i + 1, end);
      }
      pos = from;
    }
    return read(0, end);
  }

  private String read(long from, long to) throws IOException {
    ByteBuffer b = ByteBuffer.allocate((int) (to - from));
    while (b.hasRemaining() && channel.read(b, from + b.position()) >= 0) {
      // read until full
    }
    return new String(b.array(), 0, b.position(), StandardCharsets.UTF_8);
  }

  @Override
  @SuppressWarnings("try") // the file lock is held for the block, never referenced
  public synchronized AuditEntry append(AuditEvent event) {
    if (closed) throw new AuditTrailException("the audit trail is closed", null);
    try (FileLock lock = channel.lock()) {
      if (channel.size() != knownSize) readHead();
      AuditEntry entry = Chain.link(event, nextSeq, head, clock);
      ByteBuffer bytes =
          ByteBuffer.wrap((Chain.line(entry) + "\n").getBytes(StandardCharsets.UTF_8));
      long at = knownSize;
      try {
        while (bytes.hasRemaining()) at += channel.write(bytes, at);
        if (sync) channel.force(false);
      } catch (IOException e) {
        cutBack();
        throw e;
      }
      knownSize = at;
      nextSeq++;
      head = entry.hash();
      return entry;
    } catch (IOException e) {
      throw new AuditTrailException(
          "the audit record cannot be written to "
              + path
              + " ("
              + e.getClass().getSimpleName()
              + ")",
          e);
    }
  }

  private void cutBack() {
    try {
      channel.truncate(knownSize);
    } catch (IOException ignored) {
      // the verifier will report the torn record
    }
  }

  @Override
  public List<AuditEntry> entries() {
    List<AuditEntry> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      String line;
      long n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        Chain.Stored s = Chain.parse(line);
        if (s == null)
          throw new AuditTrailException(
              "record " + n + " of " + path + " is malformed; run audit verify", null);
        out.add(Chain.entry(s.record(), s.prev()));
      }
    } catch (IOException e) {
      throw new AuditTrailException(
          "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return out;
  }

  @Override
  public ChainVerification verify(Checkpoint checkpoint) {
    return verifyFile(path, checkpoint);
  }

  /**
   * Walks a JSON-lines audit file.
   *
   * @throws AuditTrailException if the file cannot be read
   */
  public static ChainVerification verifyFile(Path path, Checkpoint checkpoint) {
    Verifier v = new Verifier(checkpoint);
    try (BufferedReader r = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
      boolean endsWithNewline = endsWithNewline(path);
      String line = r.readLine();
      long n = 0;
      while (line != null) {
        String next = r.readLine();
        n++;
        Chain.Stored s = Chain.parse(line);
        if (s == null) v.unreadable(n, next == null && !endsWithNewline);
        else v.accept(n, s);
        line = next;
      }
    } catch (NoSuchFileException e) {
      throw new AuditTrailException("the audit file " + path + " does not exist", e);
    } catch (IOException | UncheckedIOException e) {
      throw new AuditTrailException(
          "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return v.result();
  }

  private static boolean endsWithNewline(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      if (ch.size() == 0) return true;
      ByteBuffer b = ByteBuffer.allocate(1);
      ch.read(b, ch.size() - 1);
      return b.get(0) == '\n';
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    closeQuietly();
  }

  private void closeQuietly() {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing left to do
    }
  }

  @Override
  public String toString() {
    return "FileAuditTrail[" + path + "]";
  }
}
