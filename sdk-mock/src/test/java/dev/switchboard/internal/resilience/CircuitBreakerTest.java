package dev.switchboard.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The per-target circuit breaker: opens on failures, skips without I/O, probes after a wait. */
class CircuitBreakerTest {
  private static final ResiliencePolicy POLICY = ResiliencePolicy.ofDefaults()
      .withRetry(RetryPolicy.none())
      .withCircuitBreaker(CircuitBreakerPolicy.ofDefaults().withSlidingWindow(4).withMinimumCalls(4)
          .withFailureRateThreshold(50).withOpenFor(Duration.ofSeconds(10)));

  private final VirtualClock clock = new VirtualClock();
  private final AttemptLog log = new AttemptLog();

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  private ModelClient single(MockProvider mock) {
    return ModelClient.builder().provider(mock).route("notes", Route.of(mock.id(), "gpt-a"))
        .resilience(POLICY).resilienceClock(clock).addListener(log).build();
  }

  @Test
  void opensAfterFailuresThenSkipsTheTargetWithoutIoThenHalfOpens() {
    MockReply down = MockReply.fault(MockFault.unavailable());
    MockProvider mock = MockProvider.builder().id("primary").sequence(down, down, down, down, MockReply.text("Back.")).build();
    try (ModelClient client = single(mock)) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      }

      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOfSatisfying(CallNotPermittedException.class,
              e -> assertThat(e.reason()).isEqualTo(CallNotPermittedException.Reason.CIRCUIT_OPEN));
      assertThat(mock.requests()).hasSize(4);
      assertThat(log.started).hasSize(4);

      clock.advance(Duration.ofSeconds(11));
      assertThat(client.chat(ask()).text()).isEqualTo("Back.");
      assertThat(client.chat(ask()).text()).isEqualTo("Back.");
      assertThat(mock.requests()).hasSize(6);
    }
  }

  @Test
  void aFailedProbeOpensTheBreakerAgain() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    try (ModelClient client = single(mock)) {
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      }
      clock.advance(Duration.ofSeconds(11));

      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(CallNotPermittedException.class);
      assertThat(mock.requests()).hasSize(5);
    }
  }

  @Test
  void anOpenCircuitFailsOverWithoutTouchingTheTarget() {
    MockProvider primary = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    MockProvider secondary = MockProvider.builder().id("secondary").reply("From the secondary.").build();
    try (ModelClient client = ModelClient.builder().provider(primary).provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
        .resilience(POLICY).resilienceClock(clock).addListener(log).build()) {
      for (int i = 0; i < 4; i++) assertThat(client.chat(ask()).attempts()).isEqualTo(2);

      var r = client.chat(ask());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(primary.requests()).hasSize(4);
    }
  }

  @Test
  void requestErrorsDoNotOpenTheBreaker() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.invalidRequest())).build();
    try (ModelClient client = single(mock)) {
      for (int i = 0; i < 10; i++) {
        assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(dev.switchboard.error.InvalidRequestException.class);
      }
      assertThat(mock.requests()).hasSize(10);
    }
  }

  @Test
  void aDisabledBreakerNeverOpens() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "a"))
        .resilience(POLICY.withCircuitBreaker(CircuitBreakerPolicy.disabled())).resilienceClock(clock).build()) {
      for (int i = 0; i < 30; i++) {
        assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      }
      assertThat(mock.requests()).hasSize(30);
    }
  }

  @Test
  void theBreakerIsPerTargetSharedAcrossLogicalModels() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "a"))
        .route("triage", Route.of("primary", "a")).route("coding", Route.of("primary", "other"))
        .resilience(POLICY).resilienceClock(clock).build()) {
      ChatRequest notes = ChatRequest.builder().model("notes").user("Summarize.").build();
      for (int i = 0; i < 4; i++) {
        assertThatThrownBy(() -> client.chat(notes)).isInstanceOf(ServiceUnavailableException.class);
      }
      ChatRequest triage = ChatRequest.builder().model("triage").user("Chest pain.").build();
      ChatRequest coding = ChatRequest.builder().model("coding").user("Code it.").build();

      assertThatThrownBy(() -> client.chat(triage)).isInstanceOf(CallNotPermittedException.class);
      assertThatThrownBy(() -> client.chat(coding)).isInstanceOf(ServiceUnavailableException.class);
    }
  }
}
