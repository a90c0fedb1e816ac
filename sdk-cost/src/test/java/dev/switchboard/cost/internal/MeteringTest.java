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
import dev.switchboard.cost.AttemptOutcome;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostRecord;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.cost.Price;
import dev.switchboard.cost.PriceCatalog;
import dev.switchboard.cost.UnknownPricePolicy;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.TransportException;
import dev.switchboard.error.UnknownPriceException;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MeteringTest {
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T10:00:00Z"), ZoneOffset.UTC);
  static final PriceCatalog PRICES =
      PriceCatalog.of(
          "test",
          LocalDate.of(2026, 11, 1),
          "USD",
          List.of(
              Price.builder()
                  .provider("foundry-us")
                  .model("gpt-4.1")
                  .inputPerMillion("2.00")
                  .cachedInputPerMillion("0.50")
                  .outputPerMillion("8.00")
                  .maxOutputTokens(1_000)
                  .build(),
              Price.builder()
                  .provider("foundry-us")
                  .model("text-embedding-3-small")
                  .embeddingPerMillion("0.02")
                  .build()));

  /**
   * The shared test provider as the cost tests script it: streams in 4-character deltas (so a
   * stream broken or closed after n deltas has seen 4n characters) and, unless a test scripts
   * otherwise, answers "ok" with usage 10 in, 5 out.
   */
  static ScriptedProvider scripted(String id) {
    return new ScriptedProvider(id)
        .chunkChars(4)
        .always(ScriptedReply.answer("ok", Usage.of(10, 5)));
  }

  private final ScriptedProvider provider = scripted("foundry-us");
  private final CostLedger ledger = CostLedger.inMemory();
  private ModelClient client = client(UnknownPricePolicy.BLOCK);

  private ModelClient client(UnknownPricePolicy policy) {
    return ModelClient.builder()
        .provider(provider)
        .route("summary", Route.of("foundry-us", "gpt-4.1"))
        .route("other", Route.of("foundry-us", "unlisted-model"))
        .route("vectors", Route.of("foundry-us", "text-embedding-3-small"))
        .defaultModel("summary")
        // Metering per attempt is what is tested here; RetryBillingTest covers retries.
        .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
        .with(CostTracking.builder().pricing(PRICES).unknownPrice(policy).ledger(ledger).build())
        .clock(SwitchboardClock.of(CLOCK))
        .build();
  }

  @AfterEach
  void close() {
    client.close();
  }

  private static ChatRequest request(String model) {
    return ChatRequest.builder()
        .model(model)
        .user("Summarize the note.")
        .tag("department", "cardiology")
        .build();
  }

  private List<CostRecord> records() {
    return ledger.readAll().records();
  }

  @Test
  void chatAnswerCarriesItsExactCostAndOneLedgerRecord() {
    provider.always(ScriptedReply.answer("done", new Usage(1_000, 200, 500, 0)));
    ChatResponse r = client.chat(request("summary"));
    // (1,000 - 200) x 2.00 + 200 x 0.50 + 500 x 8.00 = 1,600 + 100 + 4,000 = 5,700 per million
    assertThat(r.cost())
        .hasValueSatisfying(
            c -> {
              assertThat(c.amount()).isEqualByComparingTo("0.0057");
              assertThat(c.currency()).isEqualTo("USD");
              assertThat(c.estimated()).isFalse();
              assertThat(c.unpriced()).isFalse();
            });
    assertThat(records())
        .singleElement()
        .satisfies(
            rec -> {
              assertThat(rec.cost()).isEqualTo(r.cost().orElseThrow());
              assertThat(rec.callId()).isNotBlank();
              assertThat(rec.attempt()).isEqualTo(1);
              assertThat(rec.operation()).isEqualTo(Operation.CHAT);
              assertThat(rec.logicalModel()).isEqualTo("summary");
              assertThat(rec.provider()).isEqualTo("foundry-us");
              assertThat(rec.model()).isEqualTo("gpt-4.1");
              assertThat(rec.usage()).isEqualTo(new Usage(1_000, 200, 500, 0));
              assertThat(rec.tags()).containsEntry("department", "cardiology");
              assertThat(rec.time()).isEqualTo(CLOCK.instant());
              assertThat(rec.outcome()).isEqualTo(AttemptOutcome.COMPLETED);
              assertThat(rec.priceSource()).contains("gpt-4.1");
            });
  }

  @Test
  void streamedCallCostsTheSameAsTheSameCallUnstreamed() {
    Usage usage = new Usage(4_321, 1_234, 765, 0);
    provider.always(ScriptedReply.answer("The patient is stable and may go home.", usage));
    Cost unstreamed = client.chat(request("summary")).cost().orElseThrow();
    Cost streamed;
    try (ChatStream stream = client.stream(request("summary"))) {
      for (ChatEvent ignored : stream) {
        // read to the end, as a caller printing deltas would
      }
      streamed = stream.response().cost().orElseThrow();
    }
    assertThat(streamed).isEqualTo(unstreamed);
    assertThat(records()).extracting(CostRecord::cost).containsExactly(unstreamed, streamed);
    assertThat(records())
        .extracting(CostRecord::operation)
        .containsExactly(Operation.CHAT, Operation.STREAM);
  }

  @Test
  void missingUsageIsEstimatedFromTheTextAndNeverZero() {
    String answer = "x".repeat(40);
    provider.always(ScriptedReply.answer(answer, Usage.EMPTY));
    ChatRequest req = ChatRequest.builder().model("summary").user("y".repeat(400)).build();
    Cost chat = client.chat(req).cost().orElseThrow();
    Cost streamed;
    try (ChatStream s = client.stream(req)) {
      streamed = s.response().cost().orElseThrow();
    }
    // input: 8 (request) + 4 (message) + 400 / 4 = 112 tokens; output: 40 / 4 = 10 tokens
    // 112 x 2.00 + 10 x 8.00 = 224 + 80 = 304 per million
    assertThat(chat.amount()).isEqualByComparingTo("0.000304");
    assertThat(chat.estimated()).isTrue();
    assertThat(streamed).isEqualTo(chat);
    assertThat(records()).allSatisfy(r -> assertThat(r.usage()).isEqualTo(Usage.of(112, 10)));
  }

  @Test
  void embeddingsArePricedAndEstimatedWhenUsageIsMissing() {
    provider.then(ScriptedReply.answer("", Usage.of(12_345, 0)));
    provider.then(ScriptedReply.answer("", Usage.EMPTY));
    EmbeddingRequest req =
        EmbeddingRequest.builder()
            .model("vectors")
            .input("a".repeat(100))
            .input("b".repeat(20))
            .build();
    EmbeddingResponse reported = client.embed(req);
    EmbeddingResponse estimated = client.embed(req);
    // 12,345 x 0.02 = 246.9 per million
    assertThat(reported.cost().orElseThrow().amount()).isEqualByComparingTo("0.0002469");
    // (100 / 4 + 20 / 4) = 30 tokens x 0.02 = 0.6 per million
    assertThat(estimated.cost().orElseThrow())
        .isEqualTo(new Cost(new java.math.BigDecimal("0.0000006"), "USD", true, false));
    assertThat(records()).extracting(CostRecord::operation).containsOnly(Operation.EMBED);
  }

  @Test
  void unknownPriceBlocksBeforeAnythingIsSent() {
    assertThatThrownBy(() -> client.chat(request("other")))
        .isInstanceOf(UnknownPriceException.class)
        .hasMessageContaining("model 'unlisted-model'")
        .hasMessageContaining("provider 'foundry-us'")
        .satisfies(e -> assertThat(((UnknownPriceException) e).retryable()).isFalse());
    assertThatThrownBy(() -> client.stream(request("other")))
        .isInstanceOf(UnknownPriceException.class);
    assertThat(provider.calls()).isZero();
    assertThat(records()).isEmpty();
  }

  @Test
  void unknownPriceUnderFlagIsRecordedAsUnpricedAndWarnedOnce() {
    client.close();
    client = client(UnknownPricePolicy.FLAG);
    String log =
        CapturedStderr.during(
            () -> {
              client.chat(request("other"));
              client.chat(request("other"));
            });
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(records())
        .hasSize(2)
        .allSatisfy(
            r -> {
              assertThat(r.cost().unpriced()).isTrue();
              assertThat(r.cost().amount()).isZero();
              assertThat(r.priceSource()).isNull();
            });
    assertThat(CapturedStderr.count(log, "no price for model 'unlisted-model'")).isEqualTo(1);
  }

  @Test
  void streamThatBreaksMidAnswerIsBilledForWhatWasSeen() {
    provider.always(ScriptedReply.answer("0123456789ab0123456789ab", Usage.EMPTY).cutAfter(3));
    try (ChatStream stream = client.stream(request("summary"))) {
      Iterator<ChatEvent> it = stream.iterator();
      assertThatThrownBy(
              () -> {
                while (it.hasNext()) it.next();
              })
          .isInstanceOf(StreamInterruptedException.class)
          .hasCauseInstanceOf(TransportException.class);
    }
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(AttemptOutcome.FAILED);
              assertThat(r.cost().estimated()).isTrue();
              assertThat(r.usage().outputTokens()).isEqualTo(3); // 12 characters seen
              assertThat(r.cost().amount()).isPositive();
            });
  }

  @Test
  void streamClosedEarlyIsBilledForWhatWasSeen() {
    provider.always(ScriptedReply.answer("x".repeat(40), Usage.of(100, 10)));
    try (ChatStream stream = client.stream(request("summary"))) {
      Iterator<ChatEvent> it = stream.iterator();
      it.next();
      it.next();
    }
    assertThat(records())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo(AttemptOutcome.CLOSED_EARLY);
              assertThat(r.usage().outputTokens()).isEqualTo(2); // 8 characters seen
              assertThat(r.cost().estimated()).isTrue();
            });
  }

  @Test
  void attemptThatFailsBeforeAnsweringIsNotBilled() {
    provider.always(ScriptedReply.unavailable());
    assertThatThrownBy(() -> client.chat(request("summary")))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThatThrownBy(() -> client.stream(request("summary")))
        .isInstanceOf(ServiceUnavailableException.class);
    assertThat(provider.calls()).isEqualTo(2);
    assertThat(records()).isEmpty();
  }

  @Test
  void clientBuiltInCodeWithoutPricingTracksNoCost() {
    try (ModelClient plain =
        ModelClient.builder().provider(scripted("p")).route("m", Route.of("p", "x")).build()) {
      assertThat(plain.chat("hello").cost()).isEmpty();
    }
  }

  @Test
  void neitherLedgerNorErrorsNorToStringCarryRequestText() {
    String canary = "CANARY-PATIENT-Jane-Roe-1962";
    provider.always(ScriptedReply.answer(canary, Usage.of(10, 10)));
    ChatRequest req =
        ChatRequest.builder().model("summary").user(canary).tag("application", "discharge").build();
    ChatResponse r = client.chat(req);
    assertThat(LedgerCodec.encode(records().get(0))).doesNotContain(canary);
    assertThat(records().get(0).toString()).doesNotContain(canary).doesNotContain("discharge");
    assertThat(r.toString()).doesNotContain(canary);
    ChatRequest unpriced = req.toBuilder().model("other").build();
    assertThatThrownBy(() -> client.chat(unpriced))
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(canary));
  }
}
