package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.TransportException;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BudgetTest {
  static final PriceCatalog PRICES =
      PriceCatalog.of(
          "test",
          LocalDate.of(2026, 1, 1),
          "USD",
          List.of(
              Price.builder()
                  .provider("foundry-us")
                  .model("gpt-4.1")
                  .inputPerMillion("2.00")
                  .outputPerMillion("8.00")
                  .maxOutputTokens(1_000)
                  .build(),
              Price.builder()
                  .provider("gpu-ward")
                  .model("*")
                  .inputPerMillion("0")
                  .outputPerMillion("0")
                  .build()));
  private static final Instant NOW = MeteringTest.CLOCK.instant();

  private final ScriptedProvider provider = MeteringTest.scripted("foundry-us");
  private final ScriptedProvider local = MeteringTest.scripted("gpu-ward");
  private final CostLedger ledger = CostLedger.inMemory();
  private final BudgetStore store = BudgetStore.inMemory();

  private ModelClient client(Budget... budgets) {
    return ModelClient.builder()
        .provider(provider)
        .provider(local)
        .route("summary", Route.of("foundry-us", "gpt-4.1"))
        .route("local", Route.of("gpu-ward", "llama3.1:8b"))
        .defaultModel("summary")
        .with(
            CostTracking.builder()
                .pricing(PRICES)
                .budgets(budgets)
                .ledger(ledger)
                .budgetStore(store)
                .build())
        .clock(SwitchboardClock.of(MeteringTest.CLOCK))
        .build();
  }

  private static Budget cardiology(String limit, BudgetMode mode) {
    return Budget.builder()
        .name("cardiology-monthly")
        .match("department", "cardiology")
        .limit(limit)
        .mode(mode)
        .build();
  }

  private static ChatRequest request(String department, int maxOutputTokens) {
    return ChatRequest.builder()
        .user("Summarize.")
        .maxOutputTokens(maxOutputTokens)
        .tag("department", department)
        .build();
  }

  private BigDecimal ledgerSum() {
    return ledger.readAll().records().stream()
        .map(r -> r.cost().amount())
        .reduce(BigDecimal.ZERO, BigDecimal::add);
  }

  @Test
  void hardBudgetRefusesBeforeAnythingIsSentAndNamesTheBudget() {
    Budget budget = cardiology("0.001", BudgetMode.HARD);
    try (ModelClient client = client(budget)) {
      // up to 1,000 output tokens x 8.00 per million = 0.008 > 0.001
      assertThatThrownBy(() -> client.chat(request("cardiology", 1_000)))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining(
              "hard budget 'cardiology-monthly' (department=cardiology, per month)")
          .hasMessageContaining("period 2026-11")
          .hasMessageContaining("limit 0.001 USD")
          .hasMessageContaining("refused before sending")
          .satisfies(
              e -> {
                BudgetExceededException b = (BudgetExceededException) e;
                assertThat(b.budgetName()).isEqualTo("cardiology-monthly");
                assertThat(b.retryable()).isFalse();
              });
      assertThatThrownBy(() -> client.stream(request("cardiology", 1_000)))
          .isInstanceOf(BudgetExceededException.class);
    }
    assertThat(provider.calls()).isZero();
    assertThat(ledger.readAll().records()).isEmpty();
    assertThat(store.status(budget, NOW).reserved()).isZero();
  }

  @Test
  void callsWhoseTagsDoNotMatchAreNotCounted() {
    Budget budget = cardiology("0.001", BudgetMode.HARD);
    try (ModelClient client = client(budget)) {
      client.chat(request("oncology", 1_000));
      client.chat(ChatRequest.builder().user("untagged").maxOutputTokens(1_000).build());
    }
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(store.status(budget, NOW).spent()).isZero();
  }

  @Test
  void reservationSettlesToTheRealCostAndReleasesTheRest() {
    Budget budget = cardiology("1.00", BudgetMode.HARD);
    provider.always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    try (ModelClient client = client(budget)) {
      ChatResponse r = client.chat(request("cardiology", 1_000));
      // 1,000 x 2.00 + 100 x 8.00 = 2,800 per million
      assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.0028");
    }
    BudgetStatus s = store.status(budget, NOW);
    assertThat(s.spent()).isEqualByComparingTo("0.0028");
    assertThat(s.reserved()).isZero();
  }

  @Test
  void streamsSettleWhenTheyCompleteFailOrAreClosedEarly() {
    Budget budget = cardiology("1.00", BudgetMode.HARD);
    provider.then(ScriptedReply.answer("x".repeat(40), Usage.of(1_000, 100)));
    provider.then(ScriptedReply.answer("y".repeat(40), Usage.EMPTY).cutAfter(2));
    provider.then(ScriptedReply.answer("z".repeat(40), Usage.of(1_000, 100)));
    try (ModelClient client = client(budget)) {
      try (ChatStream completed = client.stream(request("cardiology", 500))) {
        completed.response();
      }
      try (ChatStream failing = client.stream(request("cardiology", 500))) {
        Iterator<ChatEvent> it = failing.iterator();
        assertThatThrownBy(
                () -> {
                  while (it.hasNext()) it.next();
                })
            .isInstanceOf(StreamInterruptedException.class)
            .hasCauseInstanceOf(TransportException.class);
      }
      try (ChatStream closedEarly = client.stream(request("cardiology", 500))) {
        closedEarly.iterator().next();
      }
    }
    BudgetStatus s = store.status(budget, NOW);
    assertThat(ledger.readAll().records()).hasSize(3);
    assertThat(s.spent()).isEqualByComparingTo(ledgerSum());
    assertThat(s.reserved()).isZero();
  }

  @Test
  void softBudgetLetsCallsThroughAndWarnsOncePerPeriod() {
    Budget budget = cardiology("0", BudgetMode.SOFT);
    String log =
        CapturedStderr.during(
            () -> {
              try (ModelClient client = client(budget)) {
                client.chat(request("cardiology", 100));
                client.chat(request("cardiology", 100));
                client.chat(request("cardiology", 100));
              }
            });
    assertThat(provider.calls()).isEqualTo(3);
    assertThat(CapturedStderr.count(log, "soft budget 'cardiology-monthly'")).isEqualTo(1);
    assertThat(log).contains("is over its limit in period 2026-11");
    assertThat(store.status(budget, NOW).spent()).isEqualByComparingTo(ledgerSum()).isPositive();
  }

  @Test
  void aRefusalByOneHardBudgetReservesNothingOnTheOthers() {
    Budget roomy = Budget.builder().name("hospital").limit("100").build();
    Budget tight = cardiology("0.001", BudgetMode.HARD);
    try (ModelClient client = client(roomy, tight)) {
      assertThatThrownBy(() -> client.chat(request("cardiology", 1_000)))
          .isInstanceOf(BudgetExceededException.class);
    }
    assertThat(store.status(roomy, NOW).reserved()).isZero();
    assertThat(store.status(roomy, NOW).spent()).isZero();
  }

  @Test
  void freeCallsAreNeverRefused() {
    Budget exhausted = Budget.builder().name("all").limit("0").build();
    try (ModelClient client = client(exhausted)) {
      assertThatThrownBy(() -> client.chat(request("cardiology", 10)))
          .isInstanceOf(BudgetExceededException.class);
      ChatResponse r = client.chat(request("cardiology", 10).toBuilder().model("local").build());
      assertThat(r.cost().orElseThrow().amount()).isZero();
    }
    assertThat(local.calls()).isEqualTo(1);
  }

  @Test
  void fiveHundredConcurrentCallsNeverOverspendAndTheLedgerSumsExactly() throws Exception {
    // each call may cost up to (34 x 2.00 + 100 x 8.00) per million = 0.000868 and costs
    // (10 x 2.00 + 50 x 8.00) per million = 0.00042; the limit holds about 100 at most
    Budget budget = cardiology("0.042", BudgetMode.HARD);
    provider.always(ScriptedReply.answer("ok", Usage.of(10, 50)));
    int served = 0;
    int refused = 0;
    try (ModelClient client = client(budget)) {
      ExecutorService pool = Executors.newFixedThreadPool(16);
      List<Future<ChatResponse>> calls = new ArrayList<>();
      for (int i = 0; i < 500; i++)
        calls.add(pool.submit(() -> client.chat(request("cardiology", 100))));
      for (Future<ChatResponse> f : calls) {
        try {
          f.get(30, TimeUnit.SECONDS);
          served++;
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).isInstanceOf(BudgetExceededException.class);
          refused++;
        }
      }
      pool.shutdown();
    }
    BudgetStatus s = store.status(budget, NOW);
    List<CostRecord> records = ledger.readAll().records();
    assertThat(served + refused).isEqualTo(500);
    assertThat(served).isPositive();
    assertThat(refused).isPositive();
    assertThat(provider.calls()).isEqualTo(served);
    assertThat(records).hasSize(served);
    assertThat(s.reserved()).isZero();
    assertThat(s.spent())
        .isEqualByComparingTo(ledgerSum())
        .isEqualByComparingTo(new BigDecimal("0.00042").multiply(BigDecimal.valueOf(served)))
        .isLessThanOrEqualTo(budget.limit());
  }

  @Test
  void afterARestartTheInMemoryBudgetStartsFromTheLedger(@TempDir Path dir) {
    Budget budget = cardiology("0.005", BudgetMode.HARD);
    Path file = dir.resolve("ledger.jsonl");
    provider.always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    try (CostLedger first = CostLedger.file(file);
        ModelClient client =
            ModelClient.builder()
                .provider(provider)
                .route("summary", Route.of("foundry-us", "gpt-4.1"))
                .with(CostTracking.builder().pricing(PRICES).budgets(budget).ledger(first).build())
                .clock(SwitchboardClock.of(MeteringTest.CLOCK))
                .build()) {
      client.chat(request("cardiology", 10));
    }
    // a new process: the budget store is new, the ledger file is not
    try (CostLedger second = CostLedger.file(file);
        ModelClient client =
            ModelClient.builder()
                .provider(provider)
                .route("summary", Route.of("foundry-us", "gpt-4.1"))
                .with(CostTracking.builder().pricing(PRICES).budgets(budget).ledger(second).build())
                .clock(
                    SwitchboardClock.of(
                        java.time.Clock.offset(MeteringTest.CLOCK, java.time.Duration.ofHours(1))))
                .build()) {
      client.chat(
          request("cardiology", 10)); // spent 0.0028, reserves up to 0.000148: fits in 0.005
      // spent 0.0056 now; even a small call no longer fits
      assertThatThrownBy(() -> client.chat(request("cardiology", 10)))
          .isInstanceOf(BudgetExceededException.class)
          .hasMessageContaining("spent 0.0056");
    }
    assertThat(provider.calls()).isEqualTo(2);
  }
}
