package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.Concurrently;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The per-target circuit breaker: opens on failures, skips without I/O, probes after a wait. */
class CircuitBreakerTest {
  private static final ResiliencePolicy POLICY =
      ResiliencePolicy.ofDefaults()
          .withRetry(RetryPolicy.none())
          .withCircuitBreaker(
              CircuitBreakerPolicy.ofDefaults()
                  .withSlidingWindow(4)
                  .withMinimumCalls(4)
                  .withFailureRateThreshold(50)
                  .withOpenFor(Duration.ofSeconds(10)));

  private final TestClock clock = new TestClock();
  private final AttemptLog log = new AttemptLog();

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  private ModelClient single(ScriptedProvider provider) {
    return ModelClient.builder()
        .provider(provider)
        .route("notes", Route.of(provider.id(), "gpt-a"))
        .resilience(POLICY)
        .clock(clock)
        .addListener(log)
        .build();
  }

  private static ScriptedProvider down(String id) {
    return new ScriptedProvider(id).always(ScriptedReply.unavailable());
  }

  @Test
  void opensAfterFailuresThenSkipsTheTargetWithoutIoThenHalfOpens() {
    ScriptedProvider primary =
        new ScriptedProvider("primary")
            .then(
                ScriptedReply.unavailable(),
                ScriptedReply.unavailable(),
                ScriptedReply.unavailable(),
                ScriptedReply.unavailable())
            .always(ScriptedReply.text("Back."));
    try (ModelClient client = single(primary)) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(ask()))
            .isInstanceOf(ServiceUnavailableException.class);
      }

      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOfSatisfying(
              CallNotPermittedException.class,
              e -> assertThat(e.reason()).isEqualTo(CallNotPermittedException.Reason.CIRCUIT_OPEN));
      assertThat(primary.requests()).hasSize(4);
      assertThat(log.started).hasSize(4);

      clock.advance(Duration.ofSeconds(11));
      assertThat(client.chat(ask()).text()).isEqualTo("Back.");
      assertThat(client.chat(ask()).text()).isEqualTo("Back.");
      assertThat(primary.requests()).hasSize(6);
    }
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() {
    ScriptedProvider primary = down("primary");
    try (ModelClient client = single(primary)) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(ask()))
            .isInstanceOf(ServiceUnavailableException.class);
      }
      clock.advance(Duration.ofSeconds(11));

      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(CallNotPermittedException.class);
      assertThat(primary.requests()).hasSize(5);
    }
  }

  @Test
  void anOpenCircuitFailsOverWithoutTouchingTheTarget() {
    ScriptedProvider primary = down("primary");
    ScriptedProvider secondary =
        new ScriptedProvider("secondary").always(ScriptedReply.text("From the secondary."));
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .provider(secondary)
            .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
            .resilience(POLICY)
            .clock(clock)
            .addListener(log)
            .build()) {
      for (int i = 0; i < 4; i++) assertThat(client.chat(ask()).attempts()).isEqualTo(2);

      var r = client.chat(ask());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(primary.requests()).hasSize(4);
    }
  }

  @Test
  void requestErrorsDoNotOpenTheBreaker() {
    ScriptedProvider primary =
        new ScriptedProvider("primary").always(ScriptedReply.invalidRequest());
    try (ModelClient client = single(primary)) {
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(InvalidRequestException.class);
      }
      assertThat(primary.requests()).hasSize(10);
    }
  }

  @Test
  void aDisabledBreakerNeverOpens() {
    ScriptedProvider primary = down("primary");
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(POLICY.withCircuitBreaker(CircuitBreakerPolicy.disabled()))
            .clock(clock)
            .build()) {
      for (int i = 0; i < 30; i++) {
        assertThatThrownBy(() -> client.chat(ask()))
            .isInstanceOf(ServiceUnavailableException.class);
      }
      assertThat(primary.requests()).hasSize(30);
    }
  }

  @Test
  void theBreakerIsPerTargetSharedAcrossLogicalModels() {
    ScriptedProvider primary = down("primary");
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .route("triage", Route.of("primary", "a"))
            .route("coding", Route.of("primary", "other"))
            .resilience(POLICY)
            .clock(clock)
            .build()) {
      ChatRequest notes = ChatRequest.builder().model("notes").user("Summarize.").build();
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(notes))
            .isInstanceOf(ServiceUnavailableException.class);
      }
      ChatRequest triage = ChatRequest.builder().model("triage").user("Chest pain.").build();
      ChatRequest coding = ChatRequest.builder().model("coding").user("Code it.").build();

      assertThatThrownBy(() -> client.chat(triage)).isInstanceOf(CallNotPermittedException.class);
      assertThatThrownBy(() -> client.chat(coding)).isInstanceOf(ServiceUnavailableException.class);
    }
  }

  @Test
  void aOneAttemptWindowOpensOnItsFirstFailure() {
    ScriptedProvider primary =
        new ScriptedProvider("primary")
            .then(ScriptedReply.text("Fine."), ScriptedReply.unavailable())
            .always(ScriptedReply.text("Back."));
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(
                POLICY.withCircuitBreaker(
                    POLICY.circuitBreaker().withSlidingWindow(1).withMinimumCalls(1)))
            .clock(clock)
            .build()) {
      assertThat(client.chat(ask()).text()).isEqualTo("Fine.");
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);

      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(CallNotPermittedException.class);
      clock.advance(Duration.ofSeconds(11));
      assertThat(client.chat(ask()).text()).isEqualTo("Back.");
      assertThat(primary.requests()).hasSize(3);
    }
  }

  @Test
  void outcomesRecordedFromManyThreadsAtOnceStillCountInTheWindow() throws Exception {
    // 8 threads x 50 successes recorded at once, then failures one at a time: the window (4
    // attempts, half of them failed to open) must hold the latest outcomes, so it opens on the
    // second failure after the successes, as it would had they been recorded one by one
    ScriptedProvider primary =
        new ScriptedProvider("primary").then(successes(400)).always(ScriptedReply.unavailable());
    try (ModelClient client = single(primary)) {
      Concurrently.onThreads(
          8,
          () -> {
            for (int i = 0; i < 50; i++) assertThat(client.chat(ask()).text()).isEqualTo("Ok.");
          });

      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(CallNotPermittedException.class);
      assertThat(primary.requests()).hasSize(402);
    }
  }

  private static ScriptedReply[] successes(int n) {
    ScriptedReply[] replies = new ScriptedReply[n];
    Arrays.fill(replies, ScriptedReply.text("Ok."));
    return replies;
  }
}
