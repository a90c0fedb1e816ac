package dev.switchboard.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retries at one target: which failures, how long to wait, and when to stop. */
class RetryTest {
  private final MockProvider mock = MockProvider.builder().id("primary").reply("Stable.").build();
  private final VirtualClock clock = new VirtualClock();
  private final AttemptLog log = new AttemptLog();

  private ModelClient client(ResiliencePolicy policy) {
    return ModelClient.builder().provider(mock).route("notes", Route.of("primary", "gpt-test"))
        .resilience(policy).resilienceClock(clock).addListener(log).build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  @Test
  void retriesOn429AfterTheServersRetryAfter() {
    mock.enqueue(MockReply.fault(MockFault.rateLimited(Duration.ofMillis(1500))));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.text()).isEqualTo("Stable.");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(1500));
      assertThat(mock.requests()).extracting(x -> x.attempt()).containsExactly(1, 2);
      CallListener.AttemptEnded first = log.ended.get(0);
      assertThat(first.statusCode()).isEqualTo(429);
      assertThat(first.nextDelay()).isEqualTo(Duration.ofMillis(1500));
      assertThat(log.ended.get(1).succeeded()).isTrue();
      assertThat(log.ended.get(1).nextDelay()).isNull();
    }
  }

  @Test
  void retryAfterAboveTheMaximumFailsFastWithoutSleeping() {
    mock.enqueue(MockReply.fault(MockFault.rateLimited(Duration.ofSeconds(45))));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(RateLimitedException.class);

      assertThat(clock.sleeps()).isEmpty();
      assertThat(mock.requests()).hasSize(1);
      assertThat(log.ended.get(0).nextDelay()).isNull();
    }
  }

  @Test
  void retryAfterLongerThanWhatIsLeftOfTheDeadlineFailsFast() {
    mock.enqueue(MockReply.fault(MockFault.rateLimited(Duration.ofSeconds(20))));
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "gpt-test"))
        .timeouts(new dev.switchboard.Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)))
        .resilienceClock(clock).build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(RateLimitedException.class);

      assertThat(clock.sleeps()).isEmpty();
      assertThat(mock.requests()).hasSize(1);
    }
  }

  @Test
  void retriesTwice503ThenSucceedsWithFullJitterBackoff() {
    mock.enqueue(MockReply.fault(MockFault.unavailable()), MockReply.fault(MockFault.unavailable()));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.attempts()).isEqualTo(3);
      assertThat(mock.requests()).hasSize(3);
      assertThat(clock.sleeps()).hasSize(2);
      assertThat(clock.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(clock.sleeps().get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(log.ended).extracting(CallListener.AttemptEnded::statusCode).containsExactly(503, 503, 0);
      assertThat(log.ended.get(0).nextDelay()).isEqualTo(clock.sleeps().get(0));
      assertThat(log.ended.get(1).nextDelay()).isEqualTo(clock.sleeps().get(1));
    }
  }

  @Test
  void givesUpAfterMaxAttemptsWithEveryFailureAttached() {
    MockProvider down = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    try (ModelClient client = ModelClient.builder().provider(down).route("notes", Route.of("primary", "gpt-test"))
        .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.ofDefaults().withMaxAttempts(4)))
        .resilienceClock(clock).build()) {
      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOf(ServiceUnavailableException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));

      assertThat(down.requests()).hasSize(4);
      assertThat(clock.sleeps()).hasSize(3);
    }
  }

  @Test
  void neverRetriesABadRequestNorFailsItOver() {
    MockProvider secondary = MockProvider.builder().id("secondary").build();
    mock.enqueue(MockReply.fault(MockFault.invalidRequest()));
    try (ModelClient client = ModelClient.builder().provider(mock).provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
        .resilienceClock(clock).addListener(log).build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(InvalidRequestException.class);

      assertThat(mock.requests()).hasSize(1);
      assertThat(secondary.requests()).isEmpty();
      assertThat(log.ended.get(0).statusCode()).isEqualTo(400);
      assertThat(log.ended.get(0).nextDelay()).isNull();
    }
  }

  @Test
  void neverRetriesContentFilteringOrRefusedCredentials() {
    mock.enqueue(MockReply.fault(MockFault.contentFiltered("self_harm")), MockReply.fault(MockFault.authentication()));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ContentFilteredException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(AuthenticationException.class);

      assertThat(mock.requests()).hasSize(2);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void retriesAConnectionReset() {
    mock.enqueue(MockReply.fault(MockFault.disconnect(0)));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.attempts()).isEqualTo(2);
      assertThat(mock.requests()).hasSize(2);
      assertThat(log.ended.get(0).failure()).isInstanceOf(dev.switchboard.error.TransportException.class);
    }
  }

  @Test
  void retriesEmbeddingsTheSameWay() {
    mock.enqueue(MockReply.fault(MockFault.rateLimited(Duration.ofMillis(300))));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.builder().input("chest pain").build());

      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.provider()).isEqualTo("primary");
      assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(300));
    }
  }

  @Test
  void retryPolicyOfOneAttemptNeverRetries() {
    mock.enqueue(MockReply.fault(MockFault.unavailable()));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThat(mock.requests()).hasSize(1);
    }
  }
}
