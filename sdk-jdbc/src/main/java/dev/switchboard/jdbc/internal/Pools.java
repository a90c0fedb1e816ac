package dev.switchboard.jdbc.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.jdbc.JdbcSettings;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;

/**
 * One HikariCP pool per distinct {@link JdbcSettings} per process, counted: each {@link #acquire}
 * takes a lease, and the pool closes when the last lease is released. So a client's ledger, budget
 * store and audit trail, and several clients in one application, hold one pool together rather than
 * one each (the 3.5 connections per call that per-use connections cost).
 */
public final class Pools {
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static final Map<JdbcSettings, Entry> POOLS = new HashMap<>();

  private Pools() {}

  /** One use of a pool. */
  public static final class Lease {
    private final JdbcSettings key;
    private final Entry entry;
    private boolean released;

    Lease(JdbcSettings key, Entry entry) {
      this.key = key;
      this.entry = entry;
    }

    /** The pool. */
    public DataSource dataSource() {
      return entry.pool;
    }

    /** Gives the lease back; closes the pool with its last one. Idempotent. */
    public void release() {
      HikariDataSource toClose = null;
      synchronized (POOLS) {
        if (released) return;
        released = true;
        if (--entry.leases == 0) {
          POOLS.remove(key, entry);
          toClose = entry.pool;
        }
      }
      if (toClose != null) toClose.close();
    }
  }

  private static final class Entry {
    final HikariDataSource pool;
    int leases;

    Entry(HikariDataSource pool) {
      this.pool = pool;
    }
  }

  /**
   * A lease on the process's pool for these settings, opening it on first use.
   *
   * @throws SwitchboardException if a new pool cannot reach the database
   */
  public static Lease acquire(JdbcSettings settings) {
    synchronized (POOLS) {
      Entry entry = POOLS.get(settings);
      if (entry == null) {
        entry = new Entry(open(settings));
        POOLS.put(settings, entry);
      }
      entry.leases++;
      return new Lease(settings, entry);
    }
  }

  private static HikariDataSource open(JdbcSettings s) {
    HikariConfig c = new HikariConfig();
    c.setPoolName("switchboard-db-" + NAMES.incrementAndGet());
    c.setJdbcUrl(s.url());
    s.user().ifPresent(c::setUsername);
    s.password().ifPresent(p -> c.setPassword(p.reveal()));
    c.setMaximumPoolSize(s.poolSize());
    // Connections are opened as calls need them and kept a while: a process that starts with a
    // full pool takes slots it may never use, which is what exhausts max_connections when many
    // instances start together.
    c.setMinimumIdle(0);
    c.setConnectionTimeout(s.connectionTimeout().toMillis());
    // Fail at start if the database cannot be reached at all: a clear error beats a client
    // that refuses every call.
    c.setInitializationFailTimeout(s.connectionTimeout().toMillis());
    try {
      return new HikariDataSource(c);
    } catch (RuntimeException e) {
      // Hikari's message may quote the driver's, which may quote the URL: name the cause's type.
      Throwable cause = e.getCause() == null ? e : e.getCause();
      String state =
          cause instanceof java.sql.SQLException sql && sql.getSQLState() != null
              ? " (SQLState " + sql.getSQLState() + ")"
              : " (" + cause.getClass().getSimpleName() + ")";
      throw new SwitchboardException(
          "cannot connect to the shared database " + s.safeUrl() + state, ErrorContext.NONE, e);
    }
  }
}
