package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.BudgetStatus;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.usage.Usage;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Failover and budgets together: failed attempts that never answered are not billed, the answer
 * costs exactly what served it, and the budget's reservation is fully settled afterwards.
 */
class ResilienceWithCostTest {
  private static final String YAML =
      """
      providers:
        primary: { type: mock, replies: [ { fault: unavailable } ] }
        secondary:
          type: mock
          replies:
            - { match: "cut", text: "one two three four five", usage: { input: 100, output: 40 } }
            - { text: "Stable.", usage: { input: 1000, output: 100 } }
      models:
        notes:
          targets:
            - { provider: primary, model: p-1 }
            - { provider: secondary, model: s-1 }
      pricing:
        overrides:
          - { provider: "*", model: "*", input-per-million: 2.00, output-per-million: 8.00 }
      budgets:
        - { name: cardiology, match: { department: cardiology }, limit: 1.00, currency: USD, period: month, mode: hard }
      """;

  private final CostLedger ledger = CostLedger.inMemory();
  private final BudgetStore store = BudgetStore.inMemory();
  private final SwitchboardConfig config = SwitchboardConfig.parse(YAML, "test.yaml");

  private ModelClient client() {
    return ModelClient.builder(config)
        .with(
            CostTracking.from(config).orElseThrow().toBuilder()
                .ledger(ledger)
                .budgetStore(store)
                .build())
        .clock(new VirtualClock())
        .build();
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).tag("department", "cardiology").build();
  }

  @Test
  void aFailedOverCallIsBilledOnlyForTheAttemptThatAnswered() {
    try (ModelClient client = client()) {
      ChatResponse r = client.chat(ask("Summarize."));

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.attempts()).isEqualTo(4);
      // 1,000 x 2.00 + 100 x 8.00 per million
      assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.0028");
    }
    List<CostRecord> records = ledger.readAll().records();
    assertThat(records)
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.provider()).isEqualTo("secondary");
              assertThat(rec.attempt()).isEqualTo(4);
              assertThat(rec.outcome()).isEqualTo(AttemptOutcome.COMPLETED);
            });
    BudgetStatus s =
        store.status(
            CostTracking.from(config).orElseThrow().settings().budgets().get(0), Instant.now());
    assertThat(s.spent()).isEqualByComparingTo("0.0028");
    assertThat(s.reserved()).isZero();
  }

  @Test
  void aStreamTheCallerClosesEarlyIsBilledOnceForWhatWasSeen() {
    try (ModelClient client = client();
        ChatStream stream = client.stream(ask("cut"))) {
      // The caller reads two chunks and closes the stream.
      Iterator<ChatEvent> events = stream.iterator();
      assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
      assertThat(events.next()).isInstanceOf(ChatEvent.TextDelta.class);
    }
    assertThat(ledger.readAll().records())
        .singleElement()
        .satisfies(rec -> assertThat(rec.outcome()).isEqualTo(AttemptOutcome.CLOSED_EARLY));
    assertThat(
            store
                .status(
                    CostTracking.from(config).orElseThrow().settings().budgets().get(0),
                    Instant.now())
                .reserved())
        .isZero();
  }

  @Test
  void aMidStreamFailureIsBilledForWhatWasSeen() {
    // The secondary from code replaces the configured one: its stream drops after two chunks.
    MockProvider dropping =
        MockProvider.builder()
            .id("secondary")
            .reply(
                MockReply.text("one two three four five")
                    .withUsage(Usage.of(100, 40))
                    .withFault(MockFault.disconnect(2)))
            .build();
    try (ModelClient client =
            ModelClient.builder(config)
                .provider(dropping)
                .with(
                    CostTracking.from(config).orElseThrow().toBuilder()
                        .ledger(ledger)
                        .budgetStore(store)
                        .build())
                .clock(new VirtualClock())
                .build();
        ChatStream stream = client.stream(ask("cut"))) {
      Iterator<ChatEvent> events = stream.iterator();
      assertThatThrownBy(
              () -> {
                while (events.hasNext()) events.next();
              })
          .isInstanceOf(StreamInterruptedException.class);
    }
    assertThat(ledger.readAll().records())
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.provider()).isEqualTo("secondary");
              assertThat(rec.outcome()).isEqualTo(AttemptOutcome.FAILED);
            });
  }
}
