package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.LedgerSettings;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The books when the database fails under the calls: billed calls are never lost (kept in the
 * spool, replayed in order), budgets are never overspent and never fall below the ledger, and
 * reservations are settled, not leaked. Against a real PostgreSQL with a tiny {@code
 * max_connections}, shared by several instances' pools.
 */
class BooksUnderDatabaseFailureTest {
  private static EmbeddedPostgres pg;
  @TempDir Path dir;

  @BeforeAll
  static void start() throws Exception {
    // 7 slots for 4 instances whose pools want 3 each under load, plus the test's own.
    pg = EmbeddedPostgres.builder().setServerConfig("max_connections", "7").start();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  private static JdbcSettings instance(int i) {
    // A distinct URL per instance: a pool each, as separate processes have.
    return JdbcSettings.of(pg.getJdbcUrl("postgres", "postgres") + "&ApplicationName=instance" + i)
        .withPoolSize(3)
        .withConnectionTimeout(Duration.ofMillis(500));
  }

  private static ChatRequest request() {
    return ChatRequest.builder().user("Summarize.").maxOutputTokens(100).tag("ward", "icu").build();
  }

  private ModelClient client(
      ScriptedProvider provider, Budget budget, int i, LedgerSettings.OnFailure mode) {
    CostSettings settings =
        CostSettings.builder()
            .catalog(BudgetTest.PRICES)
            .budgets(budget == null ? List.of() : List.of(budget))
            .ledger(
                LedgerSettings.jdbc(instance(i))
                    .withOnFailure(mode, dir.resolve("spool-" + i + ".jsonl")))
            .build();
    return ModelClient.builder()
        .provider(provider)
        .route("summary", Route.of("foundry-us", "gpt-4.1"))
        .with(CostTracking.builder().settings(settings).build())
        .build();
  }

  private static BigDecimal sum(List<CostRecord> records) {
    return records.stream().map(r -> r.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void connectionSlotExhaustionLosesNothingBilledAndNeverOverspends() throws Exception {
    // each call costs (10 x 2.00 + 50 x 8.00) per million = 0.00042; room for 150 of 200 calls
    Budget budget = Budget.builder().name("icu").match("ward", "icu").limit("0.063").build();
    String period = budget.periodKey(Instant.now());
    int instances = 4;
    List<ScriptedProvider> providers = new ArrayList<>();
    List<ModelClient> clients = new ArrayList<>();
    AtomicInteger answered = new AtomicInteger();
    AtomicInteger refused = new AtomicInteger();
    ExecutorService pool = Executors.newFixedThreadPool(16);
    try {
      for (int i = 0; i < instances; i++) {
        ScriptedProvider p =
            MeteringTest.scripted("foundry-us")
                .always(ScriptedReply.answer("ok", Usage.of(10, 50)));
        providers.add(p);
        clients.add(client(p, budget, i, LedgerSettings.OnFailure.SPOOL));
      }
      List<Future<?>> calls = new ArrayList<>();
      for (int n = 0; n < 200; n++) {
        ModelClient c = clients.get(n % instances);
        calls.add(
            pool.submit(
                () -> {
                  try {
                    c.chat(request());
                    answered.incrementAndGet();
                  } catch (SwitchboardException e) {
                    // a budget refusal, or no connection for the reservation: before the vendor
                    refused.incrementAndGet();
                  }
                }));
      }
      for (Future<?> f : calls) f.get(120, TimeUnit.SECONDS);
      // The database answers again (the load is gone): the spools drain on the next writes.
      for (ModelClient c : clients) c.close();
    } finally {
      pool.shutdownNow();
    }
    int billed = providers.stream().mapToInt(ScriptedProvider::calls).sum();
    assertThat(answered.get() + refused.get()).isEqualTo(200);
    assertThat(billed).as("every answered call was billed").isEqualTo(answered.get());

    // Reopening replays every spool left behind, in order.
    for (int i = 0; i < instances; i++) {
      ScriptedProvider idle = MeteringTest.scripted("foundry-us");
      client(idle, budget, i, LedgerSettings.OnFailure.SPOOL).close();
    }
    javax.sql.DataSource admin = pg.getPostgresDatabase();
    List<CostRecord> ledger = CostLedger.jdbc(admin).readAll().records();
    Instant now = Instant.now();
    // a run across the end of a month (UTC) splits the spend between two periods' rows
    assumeTrue(budget.periodKey(now).equals(period), "the run crossed into another budget period");
    BudgetStatus status = BudgetStore.jdbc(admin).status(budget, now);
    assertThat(ledger).as("every billed call is in the ledger").hasSize(billed);
    assertThat(sum(ledger))
        .isEqualByComparingTo(new BigDecimal("0.00042").multiply(BigDecimal.valueOf(billed)));
    assertThat(status.spent()).as("budget row equals the ledger").isEqualByComparingTo(sum(ledger));
    assertThat(status.spent()).as("no overspend").isLessThanOrEqualTo(budget.limit());
    assertThat(status.reserved()).as("no leaked reservation").isZero();
  }

  @Test
  void refuseModeRefusesBeforeTheVendorWhileBilledRecordsWaitInTheSpool() throws Exception {
    javax.sql.DataSource admin = pg.getPostgresDatabase();
    int before = CostLedger.jdbc(admin).readAll().records().size();
    ScriptedProvider p =
        MeteringTest.scripted("foundry-us").always(ScriptedReply.answer("ok", Usage.of(10, 50)));
    try (ModelClient c = client(p, null, 9, LedgerSettings.OnFailure.REFUSE)) {
      c.chat(request());
      sql("ALTER TABLE switchboard_cost_ledger RENAME TO switchboard_cost_ledger_away");
      try {
        c.chat(request()); // answered and billed; its record goes to the spool
        assertThatThrownBy(() -> c.chat(request()))
            .isInstanceOf(ServiceUnavailableException.class)
            .hasMessageContaining("ledger.on-failure: refuse");
        assertThat(p.calls()).as("the refused call never reached the vendor").isEqualTo(2);
      } finally {
        sql("ALTER TABLE switchboard_cost_ledger_away RENAME TO switchboard_cost_ledger");
      }
      Thread.sleep(1_100); // the spool retries at most once a second
      c.chat(request());
      assertThat(p.calls()).isEqualTo(3);
    }
    List<CostRecord> after = CostLedger.jdbc(admin).readAll().records();
    assertThat(after).as("the spooled record was replayed before the next").hasSize(before + 3);
    assertThat(after.get(before + 1).time()).isBefore(after.get(before + 2).time());
  }

  private static void sql(String statement) throws Exception {
    try (Connection c = pg.getPostgresDatabase().getConnection();
        Statement s = c.createStatement()) {
      s.execute(statement);
    }
  }
}
