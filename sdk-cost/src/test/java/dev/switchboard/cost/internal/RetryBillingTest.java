package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Retries and failover through the production routing stage: every billed attempt is one ledger
 * record, counted once, and the call's cost is their sum.
 */
class RetryBillingTest {
  private static final PriceCatalog PRICES =
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
                  .provider("foundry-eu")
                  .model("gpt-4.1-mini")
                  .inputPerMillion("0.40")
                  .outputPerMillion("1.60")
                  .maxOutputTokens(1_000)
                  .build()));
  private static final Route ROUTE =
      Route.failover(Target.of("foundry-us", "gpt-4.1"), Target.of("foundry-eu", "gpt-4.1-mini"));
  private static final Budget BUDGET =
      Budget.builder().name("cardiology").match("department", "cardiology").limit("1.00").build();

  private final ScriptedProvider us = MeteringTest.scripted("foundry-us");
  private final ScriptedProvider eu = MeteringTest.scripted("foundry-eu");
  private final CostLedger ledger = CostLedger.inMemory();
  private final BudgetStore store = BudgetStore.inMemory();

  private ModelClient client(Budget budget) {
    return client(budget, 2);
  }

  /** The production pipeline: the real routing stage with retries per target, then failover. */
  private ModelClient client(Budget budget, int attemptsPerTarget) {
    return ModelClient.builder()
        .provider(us)
        .provider(eu)
        .route("summary", ROUTE)
        .resilience(
            ResiliencePolicy.ofDefaults()
                .withRetry(RetryPolicy.ofDefaults().withMaxAttempts(attemptsPerTarget)))
        .with(
            CostTracking.builder()
                .pricing(PRICES)
                .budgets(budget)
                .ledger(ledger)
                .budgetStore(store)
                .build())
        .clock(new VirtualClock(MeteringTest.CLOCK.instant()))
        .build();
  }

  private static ChatRequest request() {
    return ChatRequest.builder()
        .model("summary")
        .user("Summarize.")
        .maxOutputTokens(500)
        .tag("department", "cardiology")
        .build();
  }

  @Test
  void unaryAttemptsThatFailedWithoutAnAnswerAreNotBilledAndTheServingOneIsBilledOnce() {
    us.then(ScriptedReply.unavailable());
    us.then(ScriptedReply.unavailable());
    eu.then(ScriptedReply.answer("done", Usage.of(1_000, 500)));
    ChatResponse r;
    try (ModelClient client = client(BUDGET)) {
      r = client.chat(request());
    }
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(ledger.readAll().records())
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.attempt()).isEqualTo(3);
              assertThat(rec.cost().amount()).isEqualByComparingTo("0.0012");
            });
    assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.0012");
    assertThat(store.status(BUDGET, MeteringTest.CLOCK.instant()).spent())
        .isEqualByComparingTo("0.0012");
  }

  @Test
  void aStreamCutAfterItsFirstEventIsNotRetriedAndItsBilledAttemptIsRecordedOnce() {
    // The first event (here the usage report) reaches the caller: the stream is served and a
    // later failure is the caller's, never a silent retry that could bill or answer twice.
    us.then(ScriptedReply.unavailable()); // attempt 1: nothing answered, not billed, retried
    us.then(ScriptedReply.usageThenCut(Usage.of(1_000, 0))); // attempt 2: served, then cut
    eu.then(ScriptedReply.answer("never sent", Usage.of(1, 1)));
    try (ModelClient client = client(BUDGET);
        ChatStream stream = client.stream(request())) {
      assertThatThrownBy(stream::response).isInstanceOf(StreamInterruptedException.class);
    }
    assertThat(eu.calls()).isZero();
    List<CostRecord> records = ledger.readAll().records();
    assertThat(records)
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.attempt()).isEqualTo(2);
              assertThat(rec.outcome()).isEqualTo(AttemptOutcome.FAILED);
              assertThat(rec.cost().amount()).isEqualByComparingTo("0.002");
            });
    BudgetStatus s = store.status(BUDGET, MeteringTest.CLOCK.instant());
    assertThat(s.spent()).isEqualByComparingTo("0.002");
    assertThat(s.reserved()).isZero();
  }
}
