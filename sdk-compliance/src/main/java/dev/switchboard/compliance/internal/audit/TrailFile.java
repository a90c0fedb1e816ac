package dev.switchboard.compliance.internal.audit;

import dev.switchboard.compliance.audit.AuditEntry;
import dev.switchboard.compliance.audit.AuditTrailException;
import dev.switchboard.compliance.audit.ChainVerification;
import dev.switchboard.compliance.audit.Checkpoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/** The read side of a JSON-lines audit file: its entries, and a walk of its chain. */
final class TrailFile {
  private TrailFile() {}

  /**
   * Every record of the file, in order.
   *
   * @throws AuditTrailException if the file cannot be read or a line is malformed
   */
  static List<AuditEntry> entries(Path path) {
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

  /**
   * Walks the file's chain; an unreadable last line without its newline is a torn write.
   *
   * @throws AuditTrailException if the file does not exist or cannot be read
   */
  static ChainVerification verify(Path path, Checkpoint checkpoint) {
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
}
