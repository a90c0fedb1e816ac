package dev.switchboard.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@code jdbc:} block shared by the ledger and the audit trail, against a real PostgreSQL:
 * calls through the tool write both into the configured schema with the configured prefix, and
 * {@code audit verify} and {@code cost report} read them back with {@code --config} and with the
 * database options (new and deprecated spellings).
 */
class SharedDatabaseCliTest {
  private static EmbeddedPostgres pg;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private String url() {
    return pg.getJdbcUrl("postgres", "postgres");
  }

  private Path config() throws Exception {
    Files.writeString(dir.resolve("db-password"), "not-checked-by-the-test-server\n");
    Path config = dir.resolve("switchboard.yaml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "default-model: notes",
            "providers:",
            "  ward: { type: mock }",
            "models:",
            "  notes: { targets: [ { provider: ward, model: gpt-4.1-mini } ] }",
            "jdbc:",
            "  url: " + url(),
            "  user: postgres",
            "  password-file: ./db-password",
            "  pool-size: 3",
            "  schema: hospital_a",
            "  table-prefix: sb_",
            "ledger: { type: jdbc }",
            "compliance:",
            "  audit-key: demo-only-audit-key-change-me-0123456789",
            "audit: { type: jdbc }",
            ""));
    return config;
  }

  @Test
  void ledgerAndAuditShareTheJdbcBlockAndTheToolReadsThemBack() throws Exception {
    Path config = config();
    for (int i = 0; i < 3; i++) {
      CliRun chat =
          CliRun.of("chat", "--config", config.toString(), "Summarize: follow-up in 2 weeks.");
      assertThat(chat.code()).as(chat.err()).isZero();
    }
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement();
        ResultSet rs =
            s.executeQuery(
                "SELECT (SELECT count(*) FROM hospital_a.sb_cost_ledger),"
                    + " (SELECT count(*) FROM hospital_a.sb_audit)")) {
      rs.next();
      assertThat(rs.getLong(1)).as("ledger rows").isEqualTo(3);
      assertThat(rs.getLong(2))
          .as("audit rows: policy record, then decision+outcome per call")
          .isGreaterThanOrEqualTo(6);
    }

    CliRun verify = CliRun.of("audit", "verify", "--config", config.toString());
    assertThat(verify.code()).as(verify.err()).isZero();
    assertThat(verify.out()).contains("intact");

    CliRun report = CliRun.of("cost", "report", "--config", config.toString(), "--format", "csv");
    assertThat(report.code()).as(report.err()).isZero();
    assertThat(report.out()).contains("TOTAL,USD,3,");

    CliRun byOptions =
        CliRun.of(
            "audit",
            "verify",
            "--jdbc-url",
            url(),
            "--db-user",
            "postgres",
            "--db-password-file",
            dir.resolve("db-password").toString(),
            "--db-schema",
            "hospital_a",
            "--table",
            "sb_audit");
    assertThat(byOptions.code()).as(byOptions.err()).isZero();
    assertThat(byOptions.out()).contains("intact");

    CliRun deprecated =
        CliRun.of(
            "audit",
            "verify",
            "--jdbc",
            url(),
            "--user",
            "postgres",
            "--db-schema",
            "hospital_a",
            "--table",
            "sb_audit");
    assertThat(deprecated.code()).as(deprecated.err()).isZero();
  }

  @Test
  void bothPasswordOptionsAtOnceIsAUsageError() throws Exception {
    CliRun r =
        CliRun.of(
            "cost",
            "report",
            "--jdbc-url",
            url(),
            "--db-password-env",
            "HOME",
            "--db-password-file",
            dir.resolve("x").toString());
    assertThat(r.code()).isNotZero();
    assertThat(r.err()).contains("--db-password-env or --db-password-file");
  }
}
