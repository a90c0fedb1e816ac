package dev.switchboard.cost.internal;

import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.Checks;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON-lines ledger. One writer per file: opening takes an exclusive lock on it, so a second
 * process (or a second ledger in this JVM) fails fast instead of interleaving records. Each record
 * is one {@code write} of one line; with {@link CostLedger.Sync#EVERY_RECORD} it is forced to disk
 * before {@link #append} returns.
 *
 * <p>A crash can leave a last line without its line break. Opening notices and writes the missing
 * break, so the torn fragment stays a line of its own (kept as evidence, never truncated) and the
 * next record starts cleanly; reading skips lines that are not complete records and reports each by
 * number.
 */
public final class FileCostLedger implements CostLedger {
  private static final Logger log = LoggerFactory.getLogger(FileCostLedger.class);

  private final Path path;
  private final CostLedger.Sync sync;
  private final FileChannel channel;
  private final FileLock lock;
  private boolean closed;

  public FileCostLedger(Path path, CostLedger.Sync sync) {
    this.path = Checks.notNull(path, "path");
    this.sync = Checks.notNull(sync, "sync");
    FileChannel ch = null;
    try {
      Path parent = path.toAbsolutePath().getParent();
      if (parent != null) Files.createDirectories(parent);
      ch =
          FileChannel.open(
              path, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
      this.lock = lockOrFail(ch);
      this.channel = ch;
      terminateTornLine();
    } catch (IOException e) {
      closeQuietly(ch);
      throw failure("cannot open the cost ledger file " + path, e);
    } catch (RuntimeException e) {
      closeQuietly(ch);
      throw e;
    }
  }

  private FileLock lockOrFail(FileChannel ch) throws IOException {
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      throw failure(
          "the cost ledger file "
              + path
              + " is already open in this JVM; share one CostLedger instance",
          null);
    }
    if (l == null)
      throw failure(
          "the cost ledger file "
              + path
              + " is held by another process; use a JDBC ledger to share one",
          null);
    return l;
  }

  private void terminateTornLine() throws IOException {
    long size = channel.size();
    if (size > 0) {
      ByteBuffer last = ByteBuffer.allocate(1);
      channel.read(last, size - 1);
      if (last.get(0) != '\n') {
        log.warn(
            "cost ledger {} ended with an incomplete record (torn write); it is kept on a line of its own and "
                + "skipped when read",
            path);
        channel.position(size);
        writeFully(ByteBuffer.wrap(new byte[] {'\n'}));
        channel.force(false);
      }
    }
    channel.position(channel.size());
  }

  @Override
  public void append(CostRecord record) {
    byte[] line =
        (LedgerCodec.encode(Checks.notNull(record, "record")) + "\n")
            .getBytes(StandardCharsets.UTF_8);
    synchronized (this) {
      if (closed) throw new IllegalStateException("the cost ledger " + path + " is closed");
      try {
        writeFully(ByteBuffer.wrap(line));
        if (sync == CostLedger.Sync.EVERY_RECORD) channel.force(false);
      } catch (IOException e) {
        throw failure("cannot append to the cost ledger file " + path, e);
      }
    }
  }

  private void writeFully(ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) channel.write(buffer);
  }

  @Override
  public LedgerSnapshot read(Instant since) {
    return readFile(path, since);
  }

  /**
   * Reads a ledger file without opening it for writing (for reports while an application appends).
   *
   * @throws SwitchboardException if the file cannot be read
   */
  public static LedgerSnapshot readFile(Path path, Instant since) {
    List<CostRecord> records = new ArrayList<>();
    List<String> problems = new ArrayList<>();
    // InputStreamReader replaces malformed bytes rather than failing: a torn write may cut a
    // character.
    try (BufferedReader in =
        new BufferedReader(
            new InputStreamReader(Files.newInputStream(path), StandardCharsets.UTF_8))) {
      boolean lastTerminated = endsWithNewline(path);
      String pending = in.readLine();
      int lineNo = 0;
      while (pending != null) {
        String next = in.readLine();
        lineNo++;
        boolean terminated = next != null || lastTerminated;
        if (!pending.isBlank()) parse(pending, lineNo, terminated, since, records, problems);
        pending = next;
      }
    } catch (NoSuchFileException e) {
      throw failure("the cost ledger file " + path + " does not exist", null);
    } catch (IOException e) {
      throw failure("cannot read the cost ledger file " + path, e);
    }
    return new LedgerSnapshot(records, problems);
  }

  private static void parse(
      String line,
      int lineNo,
      boolean terminated,
      Instant since,
      List<CostRecord> records,
      List<String> problems) {
    try {
      CostRecord r = LedgerCodec.decode(line);
      if (since == null || !r.time().isBefore(since)) records.add(r);
    } catch (IllegalArgumentException e) {
      problems.add(
          "line "
              + lineNo
              + ": "
              + (terminated
                  ? "not a complete record (" + e.getMessage() + ")"
                  : "incomplete final record (torn write)")
              + ", skipped");
    }
  }

  private static boolean endsWithNewline(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      long size = ch.size();
      if (size == 0) return true;
      ByteBuffer last = ByteBuffer.allocate(1);
      ch.read(last, size - 1);
      return last.get(0) == '\n';
    }
  }

  @Override
  public synchronized void close() {
    if (closed) return;
    closed = true;
    try {
      if (lock.isValid()) lock.release();
    } catch (IOException e) {
      // the channel's close releases it anyway
    }
    closeQuietly(channel);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException e) {
      log.debug("closing a cost ledger file failed: {}", e.getClass().getName());
    }
  }

  private static SwitchboardException failure(String message, IOException cause) {
    String why = cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")";
    return new SwitchboardException(message + why, ErrorContext.NONE, cause);
  }

  @Override
  public String toString() {
    return "FileCostLedger[" + path + ", sync=" + sync + "]";
  }
}
