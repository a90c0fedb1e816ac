package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.TransportException;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.ReceivedRequest;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Retries at one target: which failures, how long to wait, and when to stop. */
class RetryTest {
  private final ScriptedProvider primary =
      new ScriptedProvider("primary").always(ScriptedReply.text("Stable."));
  private final TestClock clock = new TestClock();
  private final AttemptLog log = new AttemptLog();

  private ModelClient client(ResiliencePolicy policy) {
    return ModelClient.builder()
        .provider(primary)
        .route("notes", Route.of("primary", "gpt-test"))
        .resilience(policy)
        .clock(clock)
        .addListener(log)
        .build();
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  @Test
  void retriesOn429AfterTheServersRetryAfter() {
    primary.then(ScriptedReply.rateLimited(Duration.ofMillis(1500)));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.text()).isEqualTo("Stable.");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(1500));
      assertThat(primary.requests()).extracting(ReceivedRequest::attempt).containsExactly(1, 2);
      CallListener.AttemptEnded first = log.ended.get(0);
      assertThat(first.statusCode()).isEqualTo(429);
      assertThat(first.nextDelay()).isEqualTo(Duration.ofMillis(1500));
      assertThat(log.ended.get(1).succeeded()).isTrue();
      assertThat(log.ended.get(1).nextDelay()).isNull();
    }
  }

  @Test
  void retryAfterAboveTheMaximumFailsFastWithoutSleeping() {
    primary.then(ScriptedReply.rateLimited(Duration.ofSeconds(45)));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(RateLimitedException.class);

      assertThat(clock.sleeps()).isEmpty();
      assertThat(primary.requests()).hasSize(1);
      assertThat(log.ended.get(0).nextDelay()).isNull();
    }
  }

  @Test
  void retryAfterLongerThanWhatIsLeftOfTheDeadlineFailsFast() {
    primary.then(ScriptedReply.rateLimited(Duration.ofSeconds(20)));
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "gpt-test"))
            .timeouts(
                new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofSeconds(10)))
            .clock(clock)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(RateLimitedException.class);

      assertThat(clock.sleeps()).isEmpty();
      assertThat(primary.requests()).hasSize(1);
    }
  }

  @Test
  void retriesTwice503ThenSucceedsWithFullJitterBackoff() {
    primary.then(ScriptedReply.unavailable(), ScriptedReply.unavailable());
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.attempts()).isEqualTo(3);
      assertThat(primary.requests()).hasSize(3);
      assertThat(clock.sleeps()).hasSize(2);
      assertThat(clock.sleeps().get(0)).isBetween(Duration.ZERO, Duration.ofMillis(200));
      assertThat(clock.sleeps().get(1)).isBetween(Duration.ZERO, Duration.ofMillis(400));
      assertThat(log.ended)
          .extracting(CallListener.AttemptEnded::statusCode)
          .containsExactly(503, 503, 0);
      assertThat(log.ended.get(0).nextDelay()).isEqualTo(clock.sleeps().get(0));
      assertThat(log.ended.get(1).nextDelay()).isEqualTo(clock.sleeps().get(1));
    }
  }

  @Test
  void givesUpAfterMaxAttemptsWithEveryFailureAttached() {
    ScriptedProvider down = new ScriptedProvider("primary").always(ScriptedReply.unavailable());
    try (ModelClient client =
        ModelClient.builder()
            .provider(down)
            .route("notes", Route.of("primary", "gpt-test"))
            .resilience(
                ResiliencePolicy.ofDefaults()
                    .withRetry(RetryPolicy.ofDefaults().withMaxAttempts(4)))
            .clock(clock)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOf(ServiceUnavailableException.class)
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(3));

      assertThat(down.requests()).hasSize(4);
      assertThat(clock.sleeps()).hasSize(3);
    }
  }

  @Test
  void neverRetriesABadRequestNorFailsItOver() {
    ScriptedProvider secondary = new ScriptedProvider("secondary");
    primary.then(ScriptedReply.invalidRequest());
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .provider(secondary)
            .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
            .clock(clock)
            .addListener(log)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(InvalidRequestException.class);

      assertThat(primary.requests()).hasSize(1);
      assertThat(secondary.requests()).isEmpty();
      assertThat(log.ended.get(0).statusCode()).isEqualTo(400);
      assertThat(log.ended.get(0).nextDelay()).isNull();
    }
  }

  @Test
  void neverRetriesContentFilteringOrRefusedCredentials() {
    primary.then(ScriptedReply.contentFiltered("self_harm"), ScriptedReply.authentication());
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ContentFilteredException.class);
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(AuthenticationException.class);

      assertThat(primary.requests()).hasSize(2);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void retriesAConnectionReset() {
    primary.then(ScriptedReply.reset());
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      ChatResponse r = client.chat(ask());

      assertThat(r.attempts()).isEqualTo(2);
      assertThat(primary.requests()).hasSize(2);
      assertThat(log.ended.get(0).failure()).isInstanceOf(TransportException.class);
    }
  }

  @Test
  void retriesEmbeddingsTheSameWay() {
    primary.then(ScriptedReply.rateLimited(Duration.ofMillis(300)));
    try (ModelClient client = client(ResiliencePolicy.ofDefaults())) {
      EmbeddingResponse r = client.embed(EmbeddingRequest.builder().input("chest pain").build());

      assertThat(r.attempts()).isEqualTo(2);
      assertThat(r.provider()).isEqualTo("primary");
      assertThat(clock.sleeps()).containsExactly(Duration.ofMillis(300));
    }
  }

  @Test
  void retryPolicyOfOneAttemptNeverRetries() {
    primary.then(ScriptedReply.unavailable());
    try (ModelClient client = client(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(ServiceUnavailableException.class);
      assertThat(primary.requests()).hasSize(1);
    }
  }
}
