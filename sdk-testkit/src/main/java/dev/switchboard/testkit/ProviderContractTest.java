package dev.switchboard.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The contract every provider adapter must pass, the mock included: answers, usage, streams, tool
 * calls, embeddings, the error classes and their retryability, timeouts, cut streams, and freeing
 * the connection when a stream is closed early. Extend it and supply a fixture:
 *
 * <pre>{@code
 * class MyProviderContractTest extends ProviderContractTest {
 *   protected ContractFixture createFixture() { return new MyWireMockFixture(); }
 * }
 * }</pre>
 *
 * <p>Calls go through a real {@link ModelClient}, so the pipeline's stream assembly and error
 * handling are part of what is checked. Prompts carry a canary string that no error message may
 * contain.
 *
 * @since 0.1
 */
public abstract class ProviderContractTest {
  /** Text that must never appear in an exception message. */
  protected static final String CANARY = "CANARY-Jane-Roe-MRN-4417";

  private static final String MODEL = "contract";

  private ContractFixture fixture;
  private ModelClient client;

  /** A fresh fixture (server and provider) for one test. */
  protected abstract ContractFixture createFixture();

  @BeforeEach
  void startFixture() {
    fixture = createFixture();
    client =
        ModelClient.builder()
            .provider(fixture.provider())
            .route(MODEL, Route.of(fixture.provider().id(), fixture.model()))
            .timeouts(
                new Timeouts(Duration.ofSeconds(2), Duration.ofMillis(750), Duration.ofSeconds(10)))
            // The contract is about one adapter's answers and errors: the pipeline must not retry
            // them away.
            .resilience(
                ResiliencePolicy.ofDefaults()
                    .withRetry(RetryPolicy.none())
                    .withCircuitBreaker(CircuitBreakerPolicy.disabled()))
            .build();
  }

  @AfterEach
  void stopFixture() {
    client.close();
    fixture.close();
  }

  /** The fixture of the running test. */
  protected ContractFixture fixture() {
    return fixture;
  }

  /** The client of the running test, routing model {@code contract} to the provider. */
  protected ModelClient client() {
    return client;
  }

  private static ChatRequest prompt() {
    return ChatRequest.builder()
        .model(MODEL)
        .system("Be brief.")
        .user("Summarize the note for " + CANARY)
        .build();
  }

  private static ChatRequest toolPrompt() {
    return prompt().toBuilder()
        .addTool(
            Tool.of(
                "lookup_allergies",
                "Allergies of a patient",
                "{\"type\":\"object\",\"properties\":{\"patient\":{\"type\":\"string\"}},\"required\":[\"patient\"]}"))
        .build();
  }

  private ChatResponse streamed(ChatRequest request, List<String> deltas) {
    try (ChatStream stream = client.stream(request)) {
      for (ChatEvent e : stream) {
        if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
      }
      return stream.response();
    }
  }

  @Nested
  class Answers {
    @Test
    void chatReturnsTextFinishReasonUsageAndServingModel() {
      fixture.givenTextReply("Patient stable; discharge home.", Usage.of(21, 7));
      ChatResponse r = client.chat(prompt());
      assertThat(r.text()).isEqualTo("Patient stable; discharge home.");
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.usage().inputTokens()).isEqualTo(21);
      assertThat(r.usage().outputTokens()).isEqualTo(7);
      assertThat(r.provider()).isEqualTo(fixture.provider().id());
      assertThat(r.model()).isNotBlank();
      assertThat(r.attempts()).isEqualTo(1);
    }

    @Test
    void streamDeliversTextInPiecesAndTheSameAnswerWithUsage() {
      fixture.givenTextReply(
          "Patient stable; discharge home with follow-up in two weeks.", Usage.of(30, 12));
      List<String> deltas = new ArrayList<>();
      ChatResponse r = streamed(prompt(), deltas);
      assertThat(String.join("", deltas))
          .isEqualTo("Patient stable; discharge home with follow-up in two weeks.");
      assertThat(deltas).hasSizeGreaterThan(1);
      assertThat(r.text()).isEqualTo(String.join("", deltas));
      assertThat(r.finishReason()).isEqualTo(FinishReason.STOP);
      assertThat(r.usage().outputTokens()).isEqualTo(12);
    }

    @Test
    void closingAStreamEarlyFreesTheConnection() {
      fixture.givenTextReply("one two three four five six seven eight nine ten", Usage.of(10, 10));
      try (ChatStream stream = client.stream(prompt())) {
        assertThat(stream.iterator().next()).isNotNull();
      }
      assertThat(fixture.connectionsInUse()).isZero();
    }
  }

  @Nested
  class Tools {
    private final List<ToolCall> calls =
        List.of(
            new ToolCall("call_1", "lookup_allergies", "{\"patient\":\"p-17\"}"),
            new ToolCall("call_2", "lookup_allergies", "{\"patient\":\"p-18\"}"));

    @Test
    void chatReturnsCompleteToolCalls() {
      assumeThat(fixture.supportsTools()).isTrue();
      fixture.givenToolCallReply(calls, Usage.of(40, 20));
      ChatResponse r = client.chat(toolPrompt());
      assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(r.toolCalls())
          .extracting(ToolCall::id, ToolCall::name)
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("call_1", "lookup_allergies"),
              org.assertj.core.groups.Tuple.tuple("call_2", "lookup_allergies"));
      assertThat(r.toolCalls().get(0).arguments())
          .isEqualToIgnoringWhitespace("{\"patient\":\"p-17\"}");
    }

    @Test
    void streamAssemblesToolCallsFromFragments() {
      assumeThat(fixture.supportsTools()).isTrue();
      fixture.givenToolCallReply(calls, Usage.of(40, 20));
      ChatResponse r = streamed(toolPrompt(), new ArrayList<>());
      assertThat(r.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(r.toolCalls()).hasSize(2);
      assertThat(r.toolCalls().get(1).arguments())
          .isEqualToIgnoringWhitespace("{\"patient\":\"p-18\"}");
    }
  }

  @Nested
  class Embeddings {
    @Test
    void embedReturnsOneVectorPerInputInOrderWithUsage() {
      assumeThat(fixture.supportsEmbeddings()).isTrue();
      fixture.givenEmbeddings(
          List.of(new float[] {0.1f, 0.2f, 0.3f}, new float[] {0.4f, 0.5f, 0.6f}), Usage.of(8, 0));
      EmbeddingResponse r =
          client.embed(
              EmbeddingRequest.builder().model(MODEL).input("chest pain").input("dyspnea").build());
      assertThat(r.embeddings()).hasSize(2);
      assertThat(r.embeddings().get(0).vector()).containsExactly(0.1f, 0.2f, 0.3f);
      assertThat(r.embeddings().get(1).vector()).containsExactly(0.4f, 0.5f, 0.6f);
      assertThat(r.usage().inputTokens()).isEqualTo(8);
    }
  }

  @Nested
  class Errors {
    @Test
    void badRequestIsInvalidRequestAndNotRetryable() {
      fixture.givenError(ContractFixture.ErrorKind.BAD_REQUEST, null);
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(InvalidRequestException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }

    @Test
    void unauthorizedIsAuthenticationAndNotRetryable() {
      fixture.givenError(ContractFixture.ErrorKind.UNAUTHORIZED, null);
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(AuthenticationException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }

    @Test
    void rateLimitIsRetryableAndCarriesTheServersDelay() {
      fixture.givenError(ContractFixture.ErrorKind.RATE_LIMITED, Duration.ofSeconds(2));
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(RateLimitedException.class)
          .satisfies(
              e -> {
                RateLimitedException r = (RateLimitedException) e;
                assertThat(r.retryable()).isTrue();
                assertThat(r.retryAfter()).contains(Duration.ofSeconds(2));
              })
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }

    @ParameterizedTest
    @ValueSource(strings = {"SERVER_ERROR", "UNAVAILABLE"})
    void serverFailuresAreRetryable(String kind) {
      fixture.givenError(ContractFixture.ErrorKind.valueOf(kind), null);
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(ServiceUnavailableException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue())
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }

    @Test
    void contentFilterIsItsOwnNonRetryableError() {
      assumeThat(fixture.supportsContentFilter()).isTrue();
      fixture.givenError(ContractFixture.ErrorKind.CONTENT_FILTERED, null);
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(ContentFilteredException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse())
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }

    @Test
    void streamErrorsSurfaceBeforeTheFirstEvent() {
      fixture.givenError(ContractFixture.ErrorKind.UNAVAILABLE, null);
      assertThatThrownBy(() -> streamed(prompt(), new ArrayList<>()))
          .isInstanceOf(ServiceUnavailableException.class);
    }

    @Test
    void aCutStreamIsAnErrorNeverASilentSuccess() {
      fixture.givenStreamCutAfter("Patient stable;");
      List<String> deltas = new ArrayList<>();
      assertThatThrownBy(() -> streamed(prompt(), deltas))
          .isInstanceOf(SwitchboardException.class)
          .satisfies(ProviderContractTest::namesProviderWithoutPromptText);
    }
  }

  @Nested
  class Timeout {
    /**
     * The answer comes after 10 s, the read timeout is 750 ms. Only bounds a loaded machine cannot
     * break: the typed, retryable timeout, not before the read timeout; how late it fires is left
     * to the safety cap, since a busy scheduler can delay any timer. The answer is late enough that
     * no stall of the client's thread lets it arrive in time.
     */
    @Test
    @org.junit.jupiter.api.Timeout(60)
    void aSlowAnswerTimesOutAfterTheReadTimeout() {
      fixture.givenSlowReply("late", Duration.ofSeconds(10));
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.chat(prompt()))
          .isInstanceOf(CallTimeoutException.class)
          .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertThat(millis).isGreaterThanOrEqualTo(700L);
    }
  }

  private static void namesProviderWithoutPromptText(Throwable e) {
    assertThat(e.getMessage()).doesNotContain(CANARY).doesNotContain("Summarize the note");
    assertThat(((SwitchboardException) e).provider()).isPresent();
  }
}
