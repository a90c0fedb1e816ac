package dev.switchboard.cost.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetClaim;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The books' write-ahead spool: billed attempts the ledger could not take, and budget settlements
 * the store could not take, kept in a local file (one JSON line each, forced to disk) and replayed
 * in the order they happened once the database answers again. While anything is spooled, new
 * records and settlements go behind it, so the ledger and the budget rows receive them in order.
 *
 * <p>Replaying is safe to repeat for ledger records (the table ignores an id it has). A settlement
 * whose first try did commit although the client saw an error would count twice; that needs a lost
 * commit acknowledgement, and errs on the side of a budget that counts more, never less.
 *
 * <p>One spool file belongs to one running instance: it holds an OS lock on {@code FILE.lock} while
 * it runs. A second instance (or a second client in the same JVM) configured with the same file
 * takes the next free slot, {@code NAME-2.EXT}, {@code NAME-3.EXT} and so on, so two instances on
 * one host never append to, or replay and rewrite, the same file. Each instance takes the lowest
 * free slot, so instances restarted together take over (and replay) the files their predecessors
 * left; a file in a slot no instance takes any more is named in a warning at start.
 *
 * <p>Thread-safe.
 */
final class BooksSpool implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(BooksSpool.class);

  /** Replays are tried at most this often while the database fails, not on every call. */
  private static final Duration RETRY_EVERY = Duration.ofSeconds(1);

  /** Instances on one host that can share a configured spool name, each with a slot of its own. */
  static final int SLOTS = 64;

  private final Path file;
  private final CostLedger ledger;
  private final BudgetStore store;
  private final Map<String, Budget> budgets = new HashMap<>();
  private final Clock clock;

  /** Entries in the file; read without the lock by the fast path, changed under it. */
  private final AtomicInteger spooled = new AtomicInteger();

  private Instant nextTry = Instant.MIN;

  /** The OS lock that makes {@link #file} this instance's; released by {@link #close}. */
  private final FileChannel lockChannel;

  BooksSpool(
      Path configured, CostLedger ledger, BudgetStore store, List<Budget> budgets, Clock clock) {
    Claim claim = claim(configured);
    this.file = claim.file;
    this.lockChannel = claim.channel;
    this.ledger = ledger;
    this.store = store;
    for (Budget b : budgets) this.budgets.put(b.name(), b);
    this.clock = clock;
    try {
      this.spooled.set(Files.exists(file) ? lines().size() : 0);
    } catch (IOException e) {
      closeQuietly(lockChannel);
      throw new SwitchboardException(
          "cannot read the ledger spool " + file + " (" + e.getClass().getSimpleName() + ")",
          ErrorContext.NONE,
          e);
    }
  }

  /** The file this instance spools to: the configured one, or the next free slot. */
  Path file() {
    return file;
  }

  private record Claim(Path file, FileChannel channel) {}

  /** Takes the lowest slot of {@code configured} that no running instance holds. */
  private static Claim claim(Path configured) {
    for (int slot = 1; slot <= SLOTS; slot++) {
      Path candidate = slot(configured, slot);
      Path lockFile = candidate.resolveSibling(candidate.getFileName() + ".lock");
      FileChannel ch = null;
      try {
        ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
          lock = ch.tryLock();
        } catch (OverlappingFileLockException heldInThisJvm) {
          lock = null;
        }
        if (lock != null) {
          if (slot > 1) {
            log.warn(
                "the ledger spool {} is in use by another instance; this one spools to {}",
                configured,
                candidate);
          }
          warnAboutUnclaimed(configured, slot);
          return new Claim(candidate, ch);
        }
        ch.close();
      } catch (IOException e) {
        closeQuietly(ch);
        throw new SwitchboardException(
            "cannot lock the ledger spool "
                + candidate
                + " ("
                + e.getClass().getSimpleName()
                + "); spool.lock must be writable next to it",
            ErrorContext.NONE,
            e);
      }
    }
    throw new SwitchboardException(
        "all "
            + SLOTS
            + " slots of the ledger spool "
            + configured
            + " are in use by running instances; give the instances different ledger.spool paths",
        ErrorContext.NONE);
  }

  /** Names spool files beyond ours that hold entries and that no running instance took. */
  private static void warnAboutUnclaimed(Path configured, int mine) {
    for (int slot = mine + 1; slot <= SLOTS; slot++) {
      Path other = slot(configured, slot);
      try {
        if (Files.isRegularFile(other) && Files.size(other) > 0) {
          log.warn(
              "the ledger spool {} holds entries of an instance that no longer runs; start an"
                  + " instance with ledger.spool: {} to replay them",
              other,
              other);
        }
      } catch (IOException ignored) {
        // a file that cannot be read is named when an instance takes it
      }
    }
  }

  /** Slot 1 is the configured file; slot n is NAME-n.EXT beside it. */
  static Path slot(Path configured, int slot) {
    if (slot == 1) return configured;
    String name = configured.getFileName().toString();
    int dot = name.lastIndexOf('.');
    String numbered =
        dot > 0 ? name.substring(0, dot) + "-" + slot + name.substring(dot) : name + "-" + slot;
    return configured.resolveSibling(numbered);
  }

  private static void closeQuietly(FileChannel ch) {
    if (ch == null) return;
    try {
      ch.close();
    } catch (IOException ignored) {
      // nothing held
    }
  }

  /** Gives the file up for another instance (the OS lock goes with the channel). */
  @Override
  public void close() {
    closeQuietly(lockChannel);
  }

  /** True if nothing waits to be replayed. */
  boolean empty() {
    return spooled.get() == 0;
  }

  /** How many entries wait. */
  int size() {
    return spooled.get();
  }

  /**
   * Writes the record to the ledger, after whatever is spooled; spools it if the ledger fails.
   *
   * @throws SwitchboardException only if the spool file cannot be written either
   */
  void record(CostRecord r) {
    if (spooled.get() == 0) {
      // The common case takes no lock: concurrent calls write concurrently.
      try {
        ledger.append(r);
        return;
      } catch (RuntimeException e) {
        warn("writing the cost record of call " + r.callId() + " to the ledger failed", e);
        spool("R " + LedgerCodec.encode(r));
        return;
      }
    }
    synchronized (this) {
      if (drain()) {
        try {
          ledger.append(r);
          return;
        } catch (RuntimeException e) {
          warn("writing the cost record of call " + r.callId() + " to the ledger failed", e);
        }
      }
      spool("R " + LedgerCodec.encode(r));
    }
  }

  private synchronized void spool(String line) {
    nextTry = clock.instant().plus(RETRY_EVERY);
    append(line);
  }

  /** Settles through the store, after whatever is spooled; spools the settlement if it fails. */
  void settle(String reservationId, List<BudgetClaim> claims) {
    if (spooled.get() == 0) {
      try {
        store.settle(reservationId, claims);
        return;
      } catch (RuntimeException e) {
        warn("settling budget reservation " + reservationId + " failed", e);
        spool("S " + Json.write(settlement(reservationId, claims)));
        return;
      }
    }
    synchronized (this) {
      if (drain()) {
        try {
          store.settle(reservationId, claims);
          return;
        } catch (RuntimeException e) {
          warn("settling budget reservation " + reservationId + " failed", e);
        }
      }
      spool("S " + Json.write(settlement(reservationId, claims)));
    }
  }

  /**
   * Replays what is spooled, in order, until done or the first failure.
   *
   * @return true if the spool is now empty
   */
  synchronized boolean drain() {
    if (spooled.get() == 0) return true;
    Instant now = clock.instant();
    if (now.isBefore(nextTry)) return false;
    List<String> lines;
    try {
      lines = lines();
    } catch (IOException e) {
      log.warn("cannot read the ledger spool {} ({})", file, e.getClass().getSimpleName());
      nextTry = now.plus(RETRY_EVERY);
      return false;
    }
    int done = 0;
    try {
      for (String line : lines) {
        replay(line);
        done++;
      }
    } catch (RuntimeException e) {
      nextTry = now.plus(RETRY_EVERY);
      if (done == 0) return false;
    } finally {
      if (done > 0) keep(lines.subList(done, lines.size()));
    }
    if (done == lines.size()) {
      log.warn("the ledger spool {} is replayed: {} entries written", file, done);
      return true;
    }
    return false;
  }

  private void replay(String line) {
    if (line.startsWith("R ")) {
      ledger.append(LedgerCodec.decode(line.substring(2)));
    } else if (line.startsWith("S ")) {
      JsonNode s = Json.parseOrNull(line.substring(2));
      if (s == null) throw new IllegalStateException("malformed spooled settlement");
      List<BudgetClaim> claims = new ArrayList<>();
      for (JsonNode c : s.path("claims")) {
        Budget b = budgets.get(c.path("budget").asText());
        // A budget no longer configured has nothing to settle against; its ledger rows remain.
        if (b == null) continue;
        claims.add(
            new BudgetClaim(
                b,
                Instant.parse(c.path("at").asText()),
                new BigDecimal(c.path("amount").asText())));
      }
      store.settle(s.path("reservation").asText(), claims);
    }
  }

  private static ObjectNode settlement(String reservationId, List<BudgetClaim> claims) {
    ObjectNode o = Json.MAPPER.createObjectNode();
    o.put("reservation", reservationId);
    ArrayNode a = o.putArray("claims");
    for (BudgetClaim c : claims) {
      ObjectNode n = a.addObject();
      n.put("budget", c.budget().name());
      n.put("at", c.at().toString());
      n.put("amount", c.amount().toPlainString());
    }
    return o;
  }

  private void append(String line) {
    try {
      Files.writeString(
          file,
          line + "\n",
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND,
          StandardOpenOption.DSYNC);
      spooled.incrementAndGet();
    } catch (IOException e) {
      throw new SwitchboardException(
          "cannot write the ledger spool " + file + " (" + e.getClass().getSimpleName() + ")",
          ErrorContext.NONE,
          e);
    }
  }

  private List<String> lines() throws IOException {
    List<String> out = new ArrayList<>();
    for (String l : Files.readAllLines(file, StandardCharsets.UTF_8)) if (!l.isBlank()) out.add(l);
    return out;
  }

  /** Rewrites the spool with what is left, atomically. */
  private void keep(List<String> rest) {
    try {
      Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
      Files.write(
          tmp,
          rest,
          StandardCharsets.UTF_8,
          StandardOpenOption.CREATE,
          StandardOpenOption.TRUNCATE_EXISTING,
          StandardOpenOption.SYNC);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      spooled.set(rest.size());
    } catch (IOException e) {
      // The replayed entries stay in the file: replaying them again is harmless for records.
      log.warn("cannot rewrite the ledger spool {} ({})", file, e.getClass().getSimpleName());
    }
  }

  private void warn(String what, RuntimeException e) {
    log.warn(
        "{} ({}); kept in the spool {} and replayed in order when the database answers",
        what,
        e instanceof SwitchboardException ? e.getMessage() : e.getClass().getName(),
        file);
  }
}
