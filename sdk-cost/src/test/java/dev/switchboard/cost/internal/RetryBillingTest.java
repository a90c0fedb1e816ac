package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostSettings;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Retries and failover, as the resilience stage will make them: every billed attempt is one
 * ledger record, counted once, and the call's cost is their sum.
 */
class RetryBillingTest {
  private static final PriceCatalog PRICES = PriceCatalog.of("test", LocalDate.of(2026, 1, 1), "USD", List.of(
      Price.builder().provider("foundry-us").model("gpt-4.1").inputPerMillion("2.00").outputPerMillion("8.00")
          .maxOutputTokens(1_000).build(),
      Price.builder().provider("foundry-eu").model("gpt-4.1-mini").inputPerMillion("0.40").outputPerMillion("1.60")
          .maxOutputTokens(1_000).build()));
  private static final Route ROUTE = Route.failover(Target.of("foundry-us", "gpt-4.1"), Target.of("foundry-eu", "gpt-4.1-mini"));
  private static final Budget BUDGET = Budget.builder().name("cardiology").match("department", "cardiology").limit("1.00").build();

  private final ScriptedProvider us = new ScriptedProvider("foundry-us");
  private final ScriptedProvider eu = new ScriptedProvider("foundry-eu");
  private final CostLedger ledger = CostLedger.inMemory();
  private final BudgetStore store = BudgetStore.inMemory();

  private Pipeline pipeline(Budget budget) {
    return pipeline(budget, 2);
  }

  private Pipeline pipeline(Budget budget, int attemptsPerTarget) {
    ProviderRegistry providers = new ProviderRegistry(Map.of("foundry-us", us, "foundry-eu", eu));
    CostEngine engine = CostEngine.open(CostSettings.builder().catalog(PRICES).budgets(List.of(budget)).build(), ledger,
        store, MeteringTest.CLOCK, Map.of());
    Map<Stage, CallInterceptor> stages = Map.of(Stage.ROUTING, new RetryingRouting(providers, attemptsPerTarget),
        Stage.BUDGET, engine.budgetStage(), Stage.METERING, engine.meteringStage());
    return new Pipeline(stages, List.of(), List.of(), providers);
  }

  private static Call call(Operation op) {
    ChatRequest req = ChatRequest.builder().model("summary").user("Summarize.").maxOutputTokens(500)
        .tag("department", "cardiology").build();
    return Call.start(op, req, "summary", ROUTE, Timeouts.DEFAULTS, CallListener.NONE);
  }

  private void scriptTwoFailuresThenFailover() {
    us.then(ScriptedProvider.Reply.unavailable()); // attempt 1: nothing answered, not billed
    us.then(ScriptedProvider.Reply.usageThenCut(Usage.of(1_000, 0))); // attempt 2: input reported, then cut: billed
    eu.then(ScriptedProvider.Reply.answer("done", Usage.of(1_000, 500))); // attempt 3 at the failover target
  }

  private void assertBilledOncePerBilledAttempt(ChatResponse r) {
    List<CostRecord> records = ledger.readAll().records();
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(records).extracting(CostRecord::attempt).containsExactly(2, 3);
    assertThat(records).extracting(CostRecord::outcome).containsExactly(AttemptOutcome.FAILED, AttemptOutcome.COMPLETED);
    assertThat(records).extracting(CostRecord::provider).containsExactly("foundry-us", "foundry-eu");
    // attempt 2: 1,000 x 2.00 = 0.002 (reported usage, not estimated); attempt 3: 1,000 x 0.40 + 500 x 1.60 = 0.0012
    assertThat(records.get(0).cost().amount()).isEqualByComparingTo("0.002");
    assertThat(records.get(0).cost().estimated()).isFalse();
    assertThat(records.get(1).cost().amount()).isEqualByComparingTo("0.0012");
    assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.0032");
    BigDecimal ledgerSum = records.stream().map(c -> c.cost().amount()).reduce(BigDecimal.ZERO, BigDecimal::add);
    BudgetStatus s = store.status(BUDGET, MeteringTest.CLOCK.instant());
    assertThat(s.spent()).isEqualByComparingTo(ledgerSum).isEqualByComparingTo("0.0032");
    assertThat(s.reserved()).isZero();
  }

  @Test
  void unaryAttemptsThatFailedWithoutAnAnswerAreNotBilledAndTheServingOneIsBilledOnce() {
    us.then(ScriptedProvider.Reply.unavailable());
    us.then(ScriptedProvider.Reply.unavailable());
    eu.then(ScriptedProvider.Reply.answer("done", Usage.of(1_000, 500)));
    ChatResponse r = pipeline(BUDGET).chat(call(Operation.CHAT));
    assertThat(r.attempts()).isEqualTo(3);
    assertThat(ledger.readAll().records()).singleElement().satisfies(rec -> {
      assertThat(rec.attempt()).isEqualTo(3);
      assertThat(rec.cost().amount()).isEqualByComparingTo("0.0012");
    });
    assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.0012");
    assertThat(store.status(BUDGET, MeteringTest.CLOCK.instant()).spent()).isEqualByComparingTo("0.0012");
  }

  @Test
  void streamedRetriesAndFailoverAreBilledOncePerBilledAttempt() {
    scriptTwoFailuresThenFailover();
    try (ChatStream stream = pipeline(BUDGET).stream(call(Operation.STREAM))) {
      assertBilledOncePerBilledAttempt(stream.response());
    }
  }

  @Test
  void retryThatTheBudgetCannotCoverIsRefusedBeforeItIsSent() {
    // One attempt at foundry-us may cost up to (34 x 2.00 + 500 x 8.00) per million = 0.004068, which
    // is reserved. After attempt 2 billed 0.002, a third attempt there needs 0.002 + 0.004068 =
    // 0.006068 reserved, which a 0.005 budget cannot hold.
    Budget tight = Budget.builder().name("tight").match("department", "cardiology").limit("0.005").build();
    us.then(ScriptedProvider.Reply.unavailable());
    us.then(ScriptedProvider.Reply.usageThenCut(Usage.of(1_000, 0)));
    us.then(ScriptedProvider.Reply.answer("never sent", Usage.of(1, 1)));
    assertThatThrownBy(() -> pipeline(tight, 3).stream(call(Operation.STREAM)))
        .isInstanceOf(BudgetExceededException.class).hasMessageContaining("'tight'");
    assertThat(us.received()).isEqualTo(2);
    BudgetStatus s = store.status(tight, MeteringTest.CLOCK.instant());
    assertThat(s.spent()).isEqualByComparingTo("0.002");
    assertThat(s.reserved()).isZero();
    assertThat(s.spent()).isLessThanOrEqualTo(tight.limit());
  }
}
