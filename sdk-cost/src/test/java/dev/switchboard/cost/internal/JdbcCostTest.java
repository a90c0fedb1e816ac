package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetClaim;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.LedgerSnapshot;
import dev.switchboard.cost.ReservationResult;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDBC ledger and budget store against a real PostgreSQL started by the build. */
class JdbcCostTest {
  private static EmbeddedPostgres pg;
  private static DataSource db;
  private static final Instant NOW = MeteringTest.CLOCK.instant();

  @BeforeAll
  static void start() throws Exception {
    pg = EmbeddedPostgres.start();
    db = pg.getPostgresDatabase();
  }

  @AfterAll
  static void stop() throws Exception {
    pg.close();
  }

  @BeforeEach
  void emptyTables() throws Exception {
    new JdbcCostLedger(db).close(); // creates the tables on first use
    try (Connection c = db.getConnection();
        Statement s = c.createStatement()) {
      s.execute(
          "TRUNCATE switchboard_cost_ledger, switchboard_budget, switchboard_budget_reservation");
    }
  }

  private static ChatRequest request(String department) {
    return ChatRequest.builder()
        .user("Summarize.")
        .maxOutputTokens(100)
        .tag("department", department)
        .build();
  }

  private static ModelClient client(ScriptedProvider provider, Budget budget) {
    return ModelClient.builder()
        .provider(provider)
        .route("summary", Route.of("foundry-us", "gpt-4.1"))
        .with(
            CostTracking.builder()
                .pricing(BudgetTest.PRICES)
                .budgets(budget)
                .ledger(CostLedger.jdbc(db))
                .budgetStore(BudgetStore.jdbc(db))
                .build())
        .clock(SwitchboardClock.of(MeteringTest.CLOCK))
        .build();
  }

  private static BigDecimal sum(List<CostRecord> records) {
    return records.stream().map(r -> r.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void ledgerRecordsRoundTripExactly() {
    CostLedger ledger = CostLedger.jdbc(db);
    CostRecord a =
        FileCostLedgerTest.record(
            "c1", "0.000000000123456789", Instant.parse("2026-11-01T00:00:00Z"));
    CostRecord b =
        FileCostLedgerTest.record("c2", "12345.67", Instant.parse("2026-11-02T00:00:00Z"));
    ledger.append(a);
    ledger.append(b);
    LedgerSnapshot all = ledger.readAll();
    assertThat(all.records()).containsExactly(a, b);
    assertThat(all.records().get(0).cost().amount().toPlainString())
        .isEqualTo("0.000000000123456789");
    assertThat(all.records().get(0).tags())
        .containsEntry("department", "cardiology")
        .containsEntry("user", "u-17");
    assertThat(ledger.read(Instant.parse("2026-11-02T00:00:00Z")).records()).containsExactly(b);
  }

  @Test
  void concurrentAppendsAreEachStoredOnceEvenWhenReplayed() throws Exception {
    CostLedger ledger = CostLedger.jdbc(db);
    ExecutorService pool = Executors.newFixedThreadPool(16);
    List<CostRecord> written = new ArrayList<>();
    List<Future<?>> done = new ArrayList<>();
    try {
      for (int i = 0; i < 400; i++) {
        CostRecord r = FileCostLedgerTest.record("c" + i, "0.0" + (i + 1), NOW.plusMillis(i));
        written.add(r);
        done.add(pool.submit(() -> ledger.append(r)));
        // every tenth is appended twice, as a replay from the spool would
        if (i % 10 == 0) done.add(pool.submit(() -> ledger.append(r)));
      }
      for (Future<?> f : done) f.get(1, TimeUnit.MINUTES);
    } finally {
      pool.shutdownNow();
    }

    List<CostRecord> stored = ledger.readAll().records();
    assertThat(stored).containsExactlyInAnyOrderElementsOf(written);
    assertThat(sum(stored)).isEqualByComparingTo(sum(written));
  }

  @Test
  void twoClientsSharingOneBudgetNeverOverspendAndTheLedgerSumsExactly() throws Exception {
    Budget budget =
        Budget.builder()
            .name("cardiology-monthly")
            .match("department", "cardiology")
            .limit("0.0105")
            .build();
    ScriptedProvider east =
        MeteringTest.scripted("foundry-us").always(ScriptedReply.answer("ok", Usage.of(10, 50)));
    ScriptedProvider west =
        MeteringTest.scripted("foundry-us").always(ScriptedReply.answer("ok", Usage.of(10, 50)));
    int served = 0;
    int refused = 0;
    try (ModelClient a = client(east, budget);
        ModelClient b = client(west, budget)) {
      ExecutorService pool = Executors.newFixedThreadPool(12);
      List<Future<?>> calls = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        calls.add(pool.submit(() -> a.chat(request("cardiology"))));
        calls.add(pool.submit(() -> b.chat(request("cardiology"))));
      }
      for (Future<?> f : calls) {
        try {
          f.get(60, TimeUnit.SECONDS);
          served++;
        } catch (ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(BudgetExceededException.class);
          refused++;
        }
      }
      pool.shutdown();
    }
    List<CostRecord> records = CostLedger.jdbc(db).readAll().records();
    BudgetStatus s = BudgetStore.jdbc(db).status(budget, NOW);
    assertThat(served + refused).isEqualTo(80);
    assertThat(refused).isPositive();
    assertThat(east.calls() + west.calls()).isEqualTo(served);
    assertThat(records).hasSize(served);
    // each served call costs (10 x 2.00 + 50 x 8.00) per million = 0.00042
    assertThat(s.spent())
        .isEqualByComparingTo(sum(records))
        .isEqualByComparingTo(new BigDecimal("0.00042").multiply(BigDecimal.valueOf(served)))
        .isLessThanOrEqualTo(budget.limit());
    assertThat(s.reserved()).isZero();
  }

  @Test
  void aBudgetSpentByOneClientRefusesTheOtherBeforeSending() {
    Budget budget =
        Budget.builder().name("tiny").match("department", "cardiology").limit("0.0012").build();
    ScriptedProvider east =
        MeteringTest.scripted("foundry-us").always(ScriptedReply.answer("ok", Usage.of(10, 50)));
    ScriptedProvider west = MeteringTest.scripted("foundry-us");
    try (ModelClient a = client(east, budget);
        ModelClient b = client(west, budget)) {
      a.chat(request("cardiology"));
      assertThatThrownBy(() -> b.chat(request("cardiology")))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("'tiny'")
          .hasMessageContaining("spent 0.00042");
    }
    assertThat(west.calls()).isZero();
  }

  @Test
  void aNewBudgetStartsFromWhatTheLedgerAlreadyHoldsForItsPeriod() {
    CostLedger ledger = CostLedger.jdbc(db);
    ledger.append(
        FileCostLedgerTest.record(
            "old", "0.30", Instant.parse("2026-10-31T23:59:59Z"))); // last month
    ledger.append(FileCostLedgerTest.record("c1", "0.25", Instant.parse("2026-11-03T08:00:00Z")));
    ledger.append(FileCostLedgerTest.record("c2", "0.125", Instant.parse("2026-11-20T08:00:00Z")));
    Budget cardiology = Budget.builder().match("department", "cardiology").limit("1").build();
    Budget oncology = Budget.builder().match("department", "oncology").limit("1").build();
    BudgetStore store = BudgetStore.jdbc(db);
    assertThat(store.status(cardiology, NOW).spent()).isEqualByComparingTo("0.375");
    assertThat(store.status(oncology, NOW).spent()).isZero();
  }

  @Test
  void reservationsOfADeadProcessAreReleasedAfterTheirTimeout() {
    Budget budget = Budget.builder().name("b").limit("1").build();
    Clock start = Clock.fixed(NOW, ZoneOffset.UTC);
    BudgetStore dying = new JdbcBudgetStore(db, Duration.ofHours(1), start);
    ReservationResult r =
        dying.reserve(
            "call-of-a-dead-process", List.of(new BudgetClaim(budget, NOW, new BigDecimal("0.4"))));
    assertThat(r.isGranted()).isTrue();
    assertThat(dying.status(budget, NOW).reserved()).isEqualByComparingTo("0.4");

    BudgetStore later =
        new JdbcBudgetStore(db, Duration.ofHours(1), Clock.offset(start, Duration.ofHours(2)));
    later.reserve("next-call", List.of(new BudgetClaim(budget, NOW, new BigDecimal("0.1"))));
    assertThat(later.status(budget, NOW).reserved()).isEqualByComparingTo("0.1");
  }

  @Test
  void aClientFromConfigKeepsItsLedgerAndBudgetsInTheDatabase() {
    String url = pg.getJdbcUrl("postgres", "postgres");
    dev.switchboard.config.SwitchboardConfig config =
        dev.switchboard.config.SwitchboardConfig.parse(
            """
        providers:
          foundry-us: { type: recording, endpoint: "https://contoso.example" }
        models:
          summary: { provider: foundry-us, model: gpt-4.1 }
        budgets:
          - { name: cardiology, match: { department: cardiology }, limit: 0.01, mode: hard }
        ledger: { type: jdbc, url: "%s" }
        """
                .formatted(url),
            "test.yaml",
            k -> null);
    ScriptedProvider p =
        MeteringTest.scripted("foundry-us")
            .always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    try (ModelClient client =
        ModelClient.builder(config)
            .provider(p)
            .clock(SwitchboardClock.of(MeteringTest.CLOCK))
            .build()) {
      client.chat(request("cardiology"));
    }
    // bundled gpt-4.1 price: 1,000 x 2.00 + 100 x 8.00 = 2,800 per million
    Budget budget = CostTracking.from(config).orElseThrow().settings().budgets().get(0);
    assertThat(BudgetStore.jdbc(db).status(budget, NOW).spent()).isEqualByComparingTo("0.0028");
    try (CostLedger ledger =
        CostLedger.open(CostTracking.from(config).orElseThrow().settings().ledger())) {
      assertThat(ledger.readAll().records())
          .singleElement()
          .satisfies(r -> assertThat(r.cost().amount()).isEqualByComparingTo("0.0028"));
    }
  }

  @Test
  void refusalLeavesNothingReserved() {
    Budget roomy = Budget.builder().name("a-roomy").limit("10").build();
    Budget tight = Budget.builder().name("z-tight").limit("0.1").build();
    BudgetStore store = BudgetStore.jdbc(db);
    ReservationResult r =
        store.reserve(
            "x",
            List.of(
                new BudgetClaim(roomy, NOW, new BigDecimal("0.2")),
                new BudgetClaim(tight, NOW, new BigDecimal("0.2"))));
    assertThat(r.isGranted()).isFalse();
    assertThat(r.refusedBy().budget().name()).isEqualTo("z-tight");
    assertThat(store.status(roomy, NOW).reserved()).isZero();
  }
}
