package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.SwitchboardClock;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.cost.Budget;
import dev.switchboard.cost.BudgetMode;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.BudgetCharge;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A soft budget over its limit reaches the caller: on the response and as a listener event. */
class BudgetNoticeTest {
  private final ScriptedProvider provider = MeteringTest.scripted("foundry-us");
  private final List<CallListener.BudgetOverSoftLimit> events = new ArrayList<>();

  private ModelClient client(Budget... budgets) {
    return ModelClient.builder()
        .provider(provider)
        .route("summary", Route.of("foundry-us", "gpt-4.1"))
        .defaultModel("summary")
        .with(CostTracking.builder().pricing(BudgetTest.PRICES).budgets(budgets).build())
        .addListener(
            new CallListener() {
              @Override
              public void budgetOverSoftLimit(BudgetOverSoftLimit event) {
                events.add(event);
              }
            })
        .clock(SwitchboardClock.of(MeteringTest.CLOCK))
        .build();
  }

  private static ChatRequest request() {
    return ChatRequest.builder().user("Summarize.").maxOutputTokens(1_000).build();
  }

  @Test
  void aSoftBudgetOverItsLimitIsOnTheResponseAndRaisedToListeners() {
    provider.always(ScriptedReply.answer("ok", Usage.of(1_000, 100)));
    Budget soft = Budget.builder().name("pilot").limit("0.001").mode(BudgetMode.SOFT).build();
    Budget roomy = Budget.builder().name("hospital").limit("100").build();
    try (ModelClient client = client(soft, roomy)) {
      ChatResponse r = client.chat(request());
      assertThat(r.text()).isEqualTo("ok");
      assertThat(r.budgets()).extracting(BudgetCharge::budget).containsExactly("pilot", "hospital");
      BudgetCharge pilot = r.budgets().get(0);
      assertThat(pilot.overSoftLimit()).isTrue();
      assertThat(pilot.hard()).isFalse();
      assertThat(pilot.period()).isEqualTo("2026-11");
      // reserved up front: 1,000 output tokens x 8.00 per million plus the input estimate
      assertThat(pilot.used()).isGreaterThan(pilot.limit());
      assertThat(r.budgets().get(1).overLimit()).isFalse();
      assertThat(events).singleElement().satisfies(e -> assertThat(e.charge()).isEqualTo(pilot));
    }
  }

  @Test
  void embeddingsCarryTheirBudgetsToo() {
    Budget soft = Budget.builder().name("pilot").limit("0").mode(BudgetMode.SOFT).build();
    try (ModelClient client = client(soft)) {
      var r = client.embed(EmbeddingRequest.builder().input("a").build());
      assertThat(r.budgets()).extracting(BudgetCharge::budget).containsExactly("pilot");
    }
  }

  @Test
  void withinItsLimitNoEventIsRaisedAndTheResponseSaysSo() {
    provider.always(ScriptedReply.answer("ok", Usage.of(10, 10)));
    Budget soft = Budget.builder().name("pilot").limit("100").mode(BudgetMode.SOFT).build();
    try (ModelClient client = client(soft)) {
      ChatResponse r = client.chat(request());
      assertThat(r.budgets()).singleElement().satisfies(b -> assertThat(b.overLimit()).isFalse());
      assertThat(events).isEmpty();
    }
  }
}
