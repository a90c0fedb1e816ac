package dev.switchboard.internal.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The call deadline, and client-side rate limits that throttle instead of collecting 429s. */
class DeadlineAndRateLimitTest {
  private final VirtualClock clock = new VirtualClock();

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  @Test
  void theDeadlineHoldsAgainstASlowServer() {
    MockProvider slow = MockProvider.builder().id("slow").latency(Duration.ofSeconds(30)).build();
    MockProvider secondary = MockProvider.builder().id("secondary").build();
    Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofMillis(250));
    try (ModelClient client = ModelClient.builder().provider(slow).provider(secondary)
        .route("notes", Route.failover(Target.of("slow", "a"), Target.of("secondary", "b"))).timeouts(timeouts).build()) {
      long start = System.nanoTime();

      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOfSatisfying(CallTimeoutException.class, e -> {
            assertThat(e.retryable()).isFalse();
            assertThat(e.getCause()).isInstanceOf(CallTimeoutException.class);
          });

      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(slow.requests()).hasSize(1);
      assertThat(secondary.requests()).isEmpty();
    }
  }

  @Test
  void backoffLongerThanWhatIsLeftOfTheDeadlineFailsFast() {
    MockProvider down = MockProvider.builder().id("primary").reply(MockReply.fault(MockFault.unavailable())).build();
    Timeouts timeouts = new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
    ResiliencePolicy policy = ResiliencePolicy.ofDefaults().withRetry(new RetryPolicy(10, Duration.ofSeconds(1),
        Duration.ofSeconds(60), Duration.ofSeconds(30)));
    try (ModelClient client = ModelClient.builder().provider(down).route("notes", Route.of("primary", "a"))
        .timeouts(timeouts).resilience(policy).resilienceClock(clock).build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(dev.switchboard.error.SwitchboardException.class);

      assertThat(clock.slept()).isLessThan(Duration.ofSeconds(2));
      assertThat(down.requests().size()).isLessThan(10);
    }
  }

  @Test
  void requestsPerMinuteThrottleTheCallerInsteadOfTheServer() {
    MockProvider mock = MockProvider.builder().id("primary").build();
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "a"))
        .providerResilience("primary", p -> p.withRateLimit(RateLimitPolicy.perMinute(2, 0)))
        .resilienceClock(clock).build()) {
      client.chat(ask());
      client.chat(ask());
      assertThat(clock.sleeps()).isEmpty();

      client.chat(ask());

      assertThat(clock.sleeps()).hasSize(1);
      assertThat(clock.sleeps().get(0)).isBetween(Duration.ofSeconds(29), Duration.ofSeconds(30));
      assertThat(mock.requests()).hasSize(3);
    }
  }

  @Test
  void aRateLimitWaitLongerThanAllowedSkipsTheTargetWithoutIo() {
    MockProvider mock = MockProvider.builder().id("primary").build();
    MockProvider secondary = MockProvider.builder().id("secondary").build();
    try (ModelClient client = ModelClient.builder().provider(mock).provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
        .route("solo", Route.of("primary", "a"))
        .providerResilience("primary", p -> p.withRateLimit(RateLimitPolicy.perMinute(1, 0))
            .withRetry(p.retry().withMaxRetryAfter(Duration.ofSeconds(5))))
        .resilienceClock(clock).build()) {
      assertThat(client.chat(ChatRequest.builder().model("notes").user("one").build()).provider()).isEqualTo("primary");
      assertThat(client.chat(ChatRequest.builder().model("notes").user("two").build()).provider()).isEqualTo("secondary");

      assertThatThrownBy(() -> client.chat(ChatRequest.builder().model("solo").user("three").build()))
          .isInstanceOfSatisfying(CallNotPermittedException.class, e -> {
            assertThat(e.reason()).isEqualTo(CallNotPermittedException.Reason.RATE_LIMITED);
            assertThat(e.retryAfter()).hasValueSatisfying(d -> assertThat(d).isGreaterThan(Duration.ofSeconds(50)));
          });
      assertThat(mock.requests()).hasSize(1);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void tokensPerMinuteAreEstimatedBeforeAndCorrectedAfterTheCall() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.text("Short.").withUsage(Usage.of(10, 5))).build();
    ChatRequest big = ChatRequest.builder().user("Summarize the note.").maxOutputTokens(900).build();
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "a"))
        .providerResilience("primary", p -> p.withRateLimit(RateLimitPolicy.perMinute(0, 1000)))
        .resilienceClock(clock).build()) {
      for (int i = 0; i < 5; i++) client.chat(big);

      // Each call reserves about 910 tokens but uses 15: without the correction the second would wait.
      assertThat(clock.sleeps()).isEmpty();
      assertThat(mock.requests()).hasSize(5);
    }
  }

  @Test
  void usageAboveTheEstimateIsChargedSoTheNextCallWaits() {
    MockProvider mock = MockProvider.builder().id("primary").reply(MockReply.text("Long.").withUsage(Usage.of(900, 600))).build();
    try (ModelClient client = ModelClient.builder().provider(mock).route("notes", Route.of("primary", "a"))
        .providerResilience("primary", p -> p.withRateLimit(RateLimitPolicy.perMinute(0, 2000)))
        .resilienceClock(clock).build()) {
      client.chat(ask());
      assertThat(clock.sleeps()).isEmpty();

      client.chat(ChatRequest.builder().user("Again.").maxOutputTokens(900).build());

      assertThat(clock.sleeps()).hasSize(1);
    }
  }
}
