package dev.switchboard.compliance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.ChainVerification.Kind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The JDBC audit trail against a real PostgreSQL started by the build. */
class JdbcAuditTrailTest {
  private static EmbeddedPostgres postgres;
  private static DataSource db;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
    db = postgres.getPostgresDatabase();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static AuditEvent event(int i) {
    return new AuditEvent(
        "ai.response", Map.of("outcome", 0, "promptHmac", "k1:" + "ab".repeat(32), "n", i));
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }

  @Test
  void recordsChainInOneTransactionEachAndVerify() {
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_basic")) {
      AuditEntry first = trail.append(event(0));
      AuditEntry second = trail.append(event(1));
      assertThat(first.seq()).isZero();
      assertThat(second.prevHash()).isEqualTo(first.hash());
      assertThat(trail.entries())
          .extracting(AuditEntry::hash)
          .containsExactly(first.hash(), second.hash());
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void concurrentWritersFromManyConnectionsKeepOneLinearChain() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(6);
    try (AuditTrail a = AuditTrail.jdbc(db, "audit_concurrent");
        AuditTrail b = AuditTrail.jdbc(db, "audit_concurrent")) {
      List<Future<AuditEntry>> futures = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        AuditTrail trail = i % 2 == 0 ? a : b;
        int n = i;
        futures.add(pool.submit(() -> trail.append(event(n))));
      }
      for (Future<AuditEntry> f : futures) f.get(30, TimeUnit.SECONDS);
      ChainVerification v = a.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(60);
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void theServerLinksEscapesAndNonAsciiTextAsTheVerifierRecomputesThem() {
    Map<String, Object> tricky = new java.util.LinkedHashMap<>();
    tricky.put("note", "Müller \u6f22\u5b57 \ud83d\ude00 tab\t quote\" backslash\\ nul\u0001");
    tricky.put("nested", Map.of("list", List.of(1, 2.5, 1.0e-7, true), "é", "x"));
    tricky.put("big", 9007199254740993L);
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_text")) {
      List<AuditEntry> written = new ArrayList<>();
      for (int i = 0; i < 3; i++) written.add(trail.append(new AuditEvent("ai.response", tricky)));
      ChainVerification v = trail.verify();
      assertThat(v.intact()).isTrue();
      assertThat(v.records()).isEqualTo(3);
      List<AuditEntry> stored = trail.entries();
      for (int i = 0; i < 3; i++) {
        assertThat(stored.get(i).hash()).isEqualTo(written.get(i).hash());
        assertThat(stored.get(i).canonicalJson()).isEqualTo(written.get(i).canonicalJson());
        assertThat(stored.get(i).record()).containsEntry("note", tricky.get("note"));
      }
    }
  }

  @Test
  void manyThreadsShareBatchesAndEachAppendReturnsItsOwnStoredRecord() throws Exception {
    int threads = 24;
    int each = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (AuditTrail a = AuditTrail.jdbc(db, "audit_batches");
        AuditTrail b = AuditTrail.jdbc(db, "audit_batches")) {
      List<Future<List<AuditEntry>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        AuditTrail trail = t % 2 == 0 ? a : b;
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  List<AuditEntry> mine = new ArrayList<>();
                  for (int i = 0; i < each; i++) mine.add(trail.append(event(thread * 1000 + i)));
                  return mine;
                }));
      }
      Map<Long, AuditEntry> returned = new java.util.HashMap<>();
      for (Future<List<AuditEntry>> f : futures) {
        for (AuditEntry e : f.get(60, TimeUnit.SECONDS)) {
          assertThat(returned.put(e.seq(), e)).as("seq %d returned twice", e.seq()).isNull();
        }
      }
      List<AuditEntry> stored = a.entries();
      assertThat(stored).hasSize(threads * each);
      for (AuditEntry s : stored) {
        AuditEntry r = returned.get(s.seq());
        assertThat(r).as("the append that wrote seq %d", s.seq()).isNotNull();
        assertThat(r.hash()).isEqualTo(s.hash());
        assertThat(r.prevHash()).isEqualTo(s.prevHash());
        assertThat(r.record()).containsEntry("n", s.record().get("n"));
      }
      assertThat(a.verify().intact()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void anInterruptedAppenderStillGetsItsStoredRecordAndKeepsTheInterrupt() throws Exception {
    // Threads waiting for a batch are woken one by one, not all at once; an interrupted one must
    // neither spin nor give up on a record that may be in the batch being written.
    int threads = 32;
    int each = 10;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_interrupted")) {
      List<Future<Integer>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(
            pool.submit(
                () -> {
                  int flagsKept = 0;
                  for (int i = 0; i < each; i++) {
                    Thread.currentThread().interrupt();
                    AuditEntry e = trail.append(event(thread * 1000 + i));
                    assertThat(e.record()).containsEntry("n", thread * 1000 + i);
                    if (Thread.interrupted()) flagsKept++;
                  }
                  return flagsKept;
                }));
      }
      for (Future<Integer> f : futures) {
        assertThat(f.get(60, TimeUnit.SECONDS)).as("interrupt flags kept").isEqualTo(each);
      }
      assertThat(trail.entries()).hasSize(threads * each);
      assertThat(trail.verify().intact()).isTrue();
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void aReopenedTrailContinuesTheChainWhereItEnded() {
    AuditEntry last;
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_reopen")) {
      trail.append(event(0));
      last = trail.append(event(1));
    }
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_reopen")) {
      AuditEntry next = trail.append(event(2));
      assertThat(next.seq()).isEqualTo(2);
      assertThat(next.prevHash()).isEqualTo(last.hash());
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  @Test
  void editedAndDeletedRowsAreNamed() throws Exception {
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_tamper")) {
      for (int i = 0; i < 5; i++) trail.append(event(i));
      sql("UPDATE audit_tamper SET record = replace(record, '\"n\":3', '\"n\":4') WHERE seq = 3");
      ChainVerification.Break edited = trail.verify().firstBreak().orElseThrow();
      assertThat(edited.kind()).isEqualTo(Kind.EDITED);
      assertThat(edited.position()).isEqualTo(3);
      sql("DELETE FROM audit_tamper WHERE seq = 1");
      ChainVerification.Break deleted = trail.verify().firstBreak().orElseThrow();
      assertThat(deleted.kind()).isEqualTo(Kind.DELETED);
      assertThat(deleted.position()).isEqualTo(1);
    }
  }

  @Test
  void aMissingTableOrBadIdentifierFailsClearly() throws Exception {
    assertThatThrownBy(() -> AuditTrail.jdbc(db, "audit; drop table x"))
        .isInstanceOf(IllegalArgumentException.class);
    try (AuditTrail trail = AuditTrail.jdbc(db, "audit_dropped")) {
      sql("DROP TABLE audit_dropped");
      assertThatThrownBy(() -> trail.append(event(0)))
          .isInstanceOf(AuditTrailException.class)
          .hasMessageContaining("SQLState");
    }
  }

  /** What a JVM in trouble throws mid-write: an Error, not an exception. */
  private static final class InjectedError extends Error {
    private static final long serialVersionUID = 1L;

    InjectedError() {
      super("injected");
    }
  }

  @Test
  void anErrorMidWriteHandsItsConnectionBackAndTheTrailGoesOn() throws Exception {
    AtomicBoolean failWrites = new AtomicBoolean();
    AtomicInteger open = new AtomicInteger();
    // The database's own connections, counted while checked out, whose statements throw an Error
    // while failWrites is set.
    InvocationHandler dataSource =
        (proxy, method, args) -> {
          Object result = invoke(db, method, args);
          if (!method.getName().equals("getConnection")) return result;
          Connection real = (Connection) result;
          open.incrementAndGet();
          return Proxy.newProxyInstance(
              Connection.class.getClassLoader(),
              new Class<?>[] {Connection.class},
              (p, m, a) -> {
                if (m.getName().equals("close") && !real.isClosed()) open.decrementAndGet();
                if (m.getName().equals("prepareStatement") && failWrites.get()) {
                  throw new InjectedError();
                }
                return invoke(real, m, a);
              });
        };
    DataSource counted =
        (DataSource)
            Proxy.newProxyInstance(
                DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class}, dataSource);
    try (AuditTrail trail = AuditTrail.jdbc(counted, "audit_error")) {
      AuditEntry first = trail.append(event(0));
      failWrites.set(true);
      assertThatThrownBy(() -> trail.append(event(1))).isInstanceOf(InjectedError.class);
      assertThat(open.get()).as("connections still checked out").isZero();
      failWrites.set(false);
      AuditEntry next = trail.append(event(2));
      assertThat(next.seq()).isEqualTo(1);
      assertThat(next.prevHash()).isEqualTo(first.hash());
      assertThat(trail.verify().intact()).isTrue();
    }
  }

  /** Calls {@code method} on {@code target}, throwing what it throws. */
  private static Object invoke(Object target, java.lang.reflect.Method method, Object[] args)
      throws Throwable {
    try {
      return method.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
