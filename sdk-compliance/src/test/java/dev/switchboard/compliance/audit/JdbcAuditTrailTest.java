package dev.switchboard.compliance.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.compliance.audit.ChainVerification.Kind;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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
}
