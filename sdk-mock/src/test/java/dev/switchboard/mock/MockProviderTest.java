package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.StreamInterruptedException;
import dev.switchboard.error.TransportException;
import dev.switchboard.mock.internal.Json;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class MockProviderTest {

  private static ModelClient client(MockProvider mock) {
    return ModelClient.builder()
        .provider(mock)
        .route("m", Route.of(mock.id(), "mock-1"))
        .timeouts(
            new Timeouts(Duration.ofSeconds(1), Duration.ofMillis(300), Duration.ofSeconds(5)))
        .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
        .build();
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder().user(text).build();
  }

  @Nested
  class Scripts {
    @Test
    void aFixedReplyAnswersEverything() {
      try (ModelClient c = client(MockProvider.builder().reply("Stable.").build())) {
        assertThat(c.chat(ask("one")).text()).isEqualTo("Stable.");
        assertThat(c.chat(ask("two")).text()).isEqualTo("Stable.");
      }
    }

    @Test
    void patternRulesMatchTheLastUserMessageBeforeTheFallback() {
      MockProvider mock =
          MockProvider.builder()
              .reply("fallback")
              .when("(?i)allerg", "No known allergies.")
              .build();
      try (ModelClient c = client(mock)) {
        assertThat(c.chat(ask("List ALLERGIES")).text()).isEqualTo("No known allergies.");
        assertThat(c.chat(ask("Vitals?")).text()).isEqualTo("fallback");
      }
    }

    @Test
    void aSequenceAnswersInTurnAndRepeatsItsLastReply() {
      MockProvider mock =
          MockProvider.builder()
              .sequence(
                  MockReply.fault(MockFault.unavailable()),
                  MockReply.text("second"),
                  MockReply.text("last"))
              .build();
      try (ModelClient c = client(mock)) {
        assertThatThrownBy(() -> c.chat(ask("a"))).isInstanceOf(ServiceUnavailableException.class);
        assertThat(c.chat(ask("b")).text()).isEqualTo("second");
        assertThat(c.chat(ask("c")).text()).isEqualTo("last");
        assertThat(c.chat(ask("d")).text()).isEqualTo("last");
      }
    }

    @Test
    void queuedRepliesComeBeforeTheScript() {
      MockProvider mock = MockProvider.builder().reply("script").build();
      mock.enqueue(MockReply.text("queued"));
      try (ModelClient c = client(mock)) {
        assertThat(c.chat(ask("a")).text()).isEqualTo("queued");
        assertThat(c.chat(ask("b")).text()).isEqualTo("script");
      }
    }
  }

  @Nested
  class Defaults {
    @Test
    void theDefaultReplyIsDeterministicAndDoesNotEchoThePrompt() {
      try (ModelClient c = client(MockProvider.builder().build())) {
        ChatResponse a = c.chat(ask("Summarize: Jane Roe stable, discharge home."));
        ChatResponse b = c.chat(ask("Summarize: Jane Roe stable, discharge home."));
        assertThat(a.text()).isEqualTo(b.text()).contains("mock").doesNotContain("Jane");
        assertThat(a.usage().inputTokens()).isPositive();
        assertThat(a.usage().outputTokens()).isPositive();
      }
    }

    @Test
    void usageGrowsWithThePrompt() {
      try (ModelClient c = client(MockProvider.builder().reply("ok").build())) {
        long shortPrompt = c.chat(ask("hi")).usage().inputTokens();
        long longPrompt = c.chat(ask("word ".repeat(400))).usage().inputTokens();
        assertThat(longPrompt).isGreaterThan(shortPrompt + 400);
      }
    }

    @Test
    void aRequiredToolIsCalledWithArgumentsMatchingItsSchema() {
      Tool lookup =
          Tool.of(
              "lookup_allergies",
              "",
              "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"},"
                  + "\"limit\":{\"type\":\"integer\",\"minimum\":1}},\"required\":[\"patient\"]}");
      try (ModelClient c = client(MockProvider.builder().build())) {
        ChatResponse r =
            c.chat(
                ChatRequest.builder()
                    .user("x")
                    .addTool(lookup)
                    .toolChoice(ToolChoice.required())
                    .build());
        assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
        assertThat(r.toolCalls())
            .singleElement()
            .extracting(ToolCall::name)
            .isEqualTo("lookup_allergies");
        assertThat(Json.parseOrNull(r.toolCalls().get(0).arguments()).path("limit").asInt())
            .isEqualTo(1);
      }
    }

    @Test
    void aJsonSchemaFormatGetsJsonOfThatShape() {
      String schema =
          "{\"type\":\"object\",\"properties\":{\"summary\":{\"type\":\"string\"},\"risk\":{\"enum\":[\"low\",\"high\"]}}}";
      try (ModelClient c = client(MockProvider.builder().build())) {
        ChatResponse r =
            c.chat(
                ChatRequest.builder()
                    .user("x")
                    .responseFormat(ResponseFormat.jsonSchema("s", schema, true))
                    .build());
        assertThat(Json.parseOrNull(r.text()).path("risk").asText()).isEqualTo("low");
      }
    }

    @Test
    void embeddingsAreDeterministicUnitVectors() {
      try (ModelClient c = client(MockProvider.builder().build())) {
        EmbeddingResponse a =
            c.embed(
                EmbeddingRequest.builder()
                    .input("chest pain")
                    .input("dyspnea")
                    .dimensions(32)
                    .build());
        EmbeddingResponse b =
            c.embed(EmbeddingRequest.builder().input("chest pain").dimensions(32).build());
        assertThat(a.embeddings().get(0).vector()).containsExactly(b.embeddings().get(0).vector());
        assertThat(a.embeddings().get(1).vector()).isNotEqualTo(a.embeddings().get(0).vector());
        double norm = 0;
        for (float x : a.embeddings().get(0).vector()) norm += x * x;
        assertThat(norm).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(a.embeddings().get(0).dimensions()).isEqualTo(32);
      }
    }
  }

  @Nested
  class Faults {
    private void expect(MockFault fault, Class<? extends Exception> type) {
      MockProvider mock = MockProvider.builder().reply(MockReply.fault(fault)).build();
      try (ModelClient c = client(mock)) {
        assertThatThrownBy(() -> c.chat(ask("x"))).isInstanceOf(type);
      }
    }

    @Test
    void eachFaultIsTheExceptionARealAdapterThrows() {
      expect(MockFault.unavailable(), ServiceUnavailableException.class);
      expect(MockFault.authentication(), AuthenticationException.class);
      expect(MockFault.invalidRequest(), InvalidRequestException.class);
      expect(MockFault.disconnect(0), TransportException.class);
    }

    @Test
    void rateLimitedCarriesTheRetryAfter() {
      MockProvider mock =
          MockProvider.builder()
              .reply(MockReply.fault(MockFault.rateLimited(Duration.ofMillis(250))))
              .build();
      try (ModelClient c = client(mock)) {
        assertThatThrownBy(() -> c.chat(ask("x")))
            .isInstanceOfSatisfying(
                RateLimitedException.class,
                e -> {
                  assertThat(e.retryAfter()).contains(Duration.ofMillis(250));
                  assertThat(e.statusCode()).isEqualTo(429);
                  assertThat(e.retryable()).isTrue();
                });
      }
    }

    @Test
    void contentFilteredNamesItsCategories() {
      MockProvider mock =
          MockProvider.builder()
              .reply(MockReply.fault(MockFault.contentFiltered("self_harm", "violence")))
              .build();
      try (ModelClient c = client(mock)) {
        assertThatThrownBy(() -> c.chat(ask("x")))
            .isInstanceOfSatisfying(
                ContentFilteredException.class,
                e -> assertThat(e.categories()).containsExactlyInAnyOrder("self_harm", "violence"));
      }
    }

    @Test
    void aTimeoutWaitsForTheReadTimeout() {
      MockProvider mock =
          MockProvider.builder().reply(MockReply.fault(MockFault.timeout())).build();
      try (ModelClient c = client(mock)) {
        long start = System.nanoTime();
        assertThatThrownBy(() -> c.chat(ask("x"))).isInstanceOf(CallTimeoutException.class);
        // it waited the 300 ms read timeout (no less); the upper bound is the call's 5 s deadline,
        // which nothing short of a stalled machine approaches
        assertThat((System.nanoTime() - start) / 1_000_000).isBetween(250L, 5_000L);
      }
    }

    @Test
    void aDisconnectMidStreamComesAfterTheFirstChunks() {
      MockProvider mock =
          MockProvider.builder()
              .reply(MockReply.text("one two three four").withFault(MockFault.disconnect(2)))
              .build();
      List<String> got = new ArrayList<>();
      try (ModelClient c = client(mock);
          ChatStream s = c.stream(ask("x"))) {
        assertThatThrownBy(
                () -> {
                  for (ChatEvent e : s) if (e instanceof ChatEvent.TextDelta d) got.add(d.text());
                })
            .isInstanceOf(StreamInterruptedException.class)
            .hasCauseInstanceOf(TransportException.class);
      }
      assertThat(got).containsExactly("one ", "two ");
      assertThat(mock.openStreams()).isZero();
    }
  }

  @Test
  void recordsEveryRequestAsReceived() {
    MockProvider mock = MockProvider.builder().reply("ok").build();
    try (ModelClient c = client(mock)) {
      c.chat(ChatRequest.builder().user("first").tag("department", "cardiology").build());
      c.stream(ask("second")).response();
      c.embed(EmbeddingRequest.builder().input("third").build());
    }
    assertThat(mock.requests())
        .extracting(RecordedRequest::kind)
        .containsExactly(
            RecordedRequest.Kind.CHAT, RecordedRequest.Kind.STREAM, RecordedRequest.Kind.EMBED);
    assertThat(mock.chatRequests().get(0).tags()).containsEntry("department", "cardiology");
    assertThat(mock.lastChatRequest().messages().get(0).text()).isEqualTo("second");
    assertThat(mock.requests().get(2).embedding().inputs()).containsExactly("third");
    assertThat(mock.requests()).allSatisfy(r -> assertThat(r.model()).isEqualTo("mock-1"));
  }

  @Test
  void scriptedUsageIsReportedAsIs() {
    MockProvider mock =
        MockProvider.builder()
            .reply(MockReply.text("x").withUsage(new Usage(100, 40, 20, 5)))
            .build();
    try (ModelClient c = client(mock)) {
      assertThat(c.chat(ask("a")).usage()).isEqualTo(new Usage(100, 40, 20, 5));
      assertThat(c.stream(ask("b")).response().usage()).isEqualTo(new Usage(100, 40, 20, 5));
    }
  }
}
