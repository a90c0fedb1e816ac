package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The read side of a JSON-lines audit file: its entries, and a walk of its chain. Both read up to
 * where the records end, before the zero bytes a preallocating trail keeps after them.
 */
final class TrailFile {
  private TrailFile() {}

  /**
   * Every record of the file, in order.
   *
   * @throws AuditTrailException if the file cannot be read or a line is malformed
   */
  static List<AuditEntry> entries(Path path) {
    List<AuditEntry> out = new ArrayList<>();
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
        BufferedReader r = records(ch, TrailTail.endOfRecords(ch, ch.size()))) {
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

  /**
   * Walks the file's chain; an unreadable last line without its newline is a torn write.
   *
   * @throws AuditTrailException if the file does not exist or cannot be read
   */
  static ChainVerification verify(Path path, Checkpoint checkpoint) {
    Verifier v = new Verifier(checkpoint);
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long end = TrailTail.endOfRecords(ch, ch.size());
      boolean endsWithNewline = end == 0 || endsWith(ch, end, (byte) '\n');
      try (BufferedReader r = records(ch, end)) {
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
      }
    } catch (NoSuchFileException e) {
      throw new AuditTrailException("the audit file " + path + " does not exist", e);
    } catch (IOException | UncheckedIOException e) {
      throw new AuditTrailException(
          "the audit file " + path + " cannot be read (" + e.getClass().getSimpleName() + ")", e);
    }
    return v.result();
  }

  /**
   * The file's records as lines, read from its start up to {@code end}, where they end; the channel
   * must stay open while the reader is used.
   */
  private static BufferedReader records(FileChannel ch, long end) throws IOException {
    InputStream upToEnd = new BoundedInputStream(Channels.newInputStream(ch.position(0)), end);
    return new BufferedReader(new InputStreamReader(upToEnd, StandardCharsets.UTF_8));
  }

  private static boolean endsWith(FileChannel ch, long end, byte b) throws IOException {
    ByteBuffer one = ByteBuffer.allocate(1);
    ch.read(one, end - 1);
    return one.get(0) == b;
  }

  /**
   * At most {@code limit} bytes of a stream, then its end. Hand-written: the JDK has none, this
   * module takes no general-purpose library for twenty lines, and the wire module's bounded body
   * stream fails at its bound where this one must end quietly.
   */
  private static final class BoundedInputStream extends FilterInputStream {
    private long left;

    BoundedInputStream(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read() throws IOException {
      if (left <= 0) return -1;
      int b = super.read();
      if (b >= 0) left--;
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (left <= 0) return -1;
      int n = super.read(buf, off, (int) Math.min(len, left));
      if (n > 0) left -= n;
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long s = super.skip(Math.min(n, left));
      if (s > 0) left -= s;
      return s;
    }
  }
}
