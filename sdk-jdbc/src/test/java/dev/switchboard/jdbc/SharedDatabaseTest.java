package dev.switchboard.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.Secret;
import dev.switchboard.error.SwitchboardException;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shared database against a real PostgreSQL started by the build. */
class SharedDatabaseTest {
  private static EmbeddedPostgres postgres;

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    postgres.close();
  }

  private static JdbcSettings settings() {
    return JdbcSettings.of(postgres.getJdbcUrl("postgres", "postgres")).withPoolSize(4);
  }

  @Test
  void manyInstancesCreatingTheSameTablesAtOnceAllSucceed() throws Exception {
    int instances = 24;
    ExecutorService pool = Executors.newFixedThreadPool(instances);
    CountDownLatch go = new CountDownLatch(1);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int i = 0; i < instances; i++) {
        done.add(
            pool.submit(
                () -> {
                  go.await();
                  // each "instance" with a data source of its own, as separate processes have
                  SharedDatabase db =
                      SharedDatabase.of(postgres.getPostgresDatabase(), "race", "sb_");
                  db.createTables(
                      "the race table",
                      List.of(
                          "CREATE TABLE IF NOT EXISTS "
                              + db.table("t")
                              + " (id BIGINT PRIMARY KEY, v TEXT NOT NULL UNIQUE)",
                          "CREATE INDEX IF NOT EXISTS "
                              + db.name("t_v")
                              + " ON "
                              + db.table("t")
                              + " (v)"));
                  return null;
                }));
      }
      go.countDown();
      for (Future<?> f : done) f.get(60, TimeUnit.SECONDS);
    } finally {
      pool.shutdownNow();
    }
    try (Connection c = postgres.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT count(*) FROM pg_indexes WHERE schemaname = 'race' AND tablename = 'sb_t'")) {
      rs.next();
      assertThat(rs.getInt(1)).as("primary key, unique and the named index").isEqualTo(3);
    }
  }

  @Test
  void opensOfTheSameSettingsShareOnePoolUntilTheLastCloses() throws Exception {
    SharedDatabase a = SharedDatabase.open(settings());
    SharedDatabase b = SharedDatabase.open(settings());
    assertThat(a.dataSource()).isSameAs(b.dataSource());
    a.close();
    a.close(); // idempotent: b's lease stays
    try (Connection c = b.dataSource().getConnection()) {
      assertThat(c.isValid(5)).isTrue();
    }
    b.close();
    try (SharedDatabase again = SharedDatabase.open(settings())) {
      assertThat(again.dataSource()).isNotSameAs(a.dataSource());
    }
  }

  @Test
  void tableNamesCarryPrefixAndSchema() {
    try (SharedDatabase db =
        SharedDatabase.open(settings().withSchema("hospital_a").withTablePrefix("sb_"))) {
      assertThat(db.table("audit")).isEqualTo("hospital_a.sb_audit");
      assertThat(db.name("audit")).isEqualTo("sb_audit");
      assertThat(db.qualify("custom")).isEqualTo("hospital_a.custom");
      assertThatThrownBy(() -> db.qualify("x; drop table y"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("SQL identifier");
    }
  }

  @Test
  void unreachableDatabaseFailsToOpenWithoutEchoingTheUrlQuery() {
    JdbcSettings bad =
        JdbcSettings.of("jdbc:postgresql://127.0.0.1:1/none?password=hunter2")
            .withConnectionTimeout(java.time.Duration.ofMillis(500));
    assertThatThrownBy(() -> SharedDatabase.open(bad))
        .isInstanceOf(SwitchboardException.class)
        .hasMessageContaining("jdbc:postgresql://127.0.0.1:1/none")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void passwordComesFromAFileAndNeverShows(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("db-password");
    Files.writeString(file, "s3cret\n");
    JdbcSettings s = JdbcSettings.of("jdbc:postgresql://db/x").withPasswordFromFile(file);
    assertThat(s.password()).contains(Secret.of("s3cret"));
    assertThat(s.toString()).doesNotContain("s3cret");
    assertThatThrownBy(() -> s.withPasswordFromFile(dir.resolve("missing")))
        .hasMessageContaining("jdbc.password-file");
    assertThatThrownBy(() -> s.withPasswordFromEnv("SWITCHBOARD_SURELY_UNSET_VARIABLE"))
        .hasMessageContaining("SWITCHBOARD_SURELY_UNSET_VARIABLE");
    assertThatThrownBy(() -> s.withPoolSize(0)).hasMessageContaining("jdbc.pool-size");
  }
}
