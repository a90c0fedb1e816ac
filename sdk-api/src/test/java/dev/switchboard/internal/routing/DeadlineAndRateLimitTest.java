package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/**
 * The call deadline, and client-side rate limits that throttle instead of collecting 429s. All time
 * is virtual; where real time still moves the clock (a test clock runs on the system's nanoTime, as
 * call deadlines do), the bounds allow for exactly the real time that passed.
 */
class DeadlineAndRateLimitTest {
  private final TestClock clock = new TestClock();

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  private static ResilienceSettings forPrimary(UnaryOperator<ResiliencePolicy> override) {
    return ResilienceSettings.builder().provider("primary", override).build();
  }

  @Test
  void theDeadlineHoldsAgainstASlowServer() {
    ScriptedProvider slow =
        new ScriptedProvider("slow")
            .clock(clock)
            .always(ScriptedReply.text("Too late.").withLatency(Duration.ofSeconds(30)));
    ScriptedProvider secondary = new ScriptedProvider("secondary");
    Timeouts timeouts =
        // the deadline also runs on the real clock, from the call's start: long enough that a
        // loaded machine cannot spend it before the first attempt; on the virtual clock it costs
        // nothing
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));
    try (ModelClient client =
        ModelClient.builder()
            .provider(slow)
            .provider(secondary)
            .route("notes", Route.failover(Target.of("slow", "a"), Target.of("secondary", "b")))
            .timeouts(timeouts)
            .clock(clock)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOfSatisfying(
              CallTimeoutException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getCause()).isInstanceOf(CallTimeoutException.class);
              });

      // The server would have taken 30 s; the call waited no longer than its deadline.
      assertThat(clock.elapsed()).isLessThanOrEqualTo(Duration.ofSeconds(5));
      assertThat(slow.requests()).hasSize(1);
      assertThat(secondary.requests()).isEmpty();
    }
  }

  @Test
  void timeTheClockMovedBetweenCallsDoesNotSpendTheNextCallsDeadline() {
    ScriptedProvider primary = new ScriptedProvider("primary").always(ScriptedReply.text("Fine."));
    Timeouts timeouts =
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(2));
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .timeouts(timeouts)
            .clock(clock)
            .build()) {
      assertThat(client.chat(ask()).text()).isEqualTo("Fine.");
      // An hour passes between calls (a test of budget periods or BAA expiry moves the clock so):
      // far past the 2 s call timeout, yet the next call has its whole deadline.
      clock.advance(Duration.ofHours(1));
      assertThat(client.chat(ask()).text()).isEqualTo("Fine.");
      assertThat(primary.requests()).hasSize(2);
    }
  }

  @Test
  void backoffLongerThanWhatIsLeftOfTheDeadlineFailsFast() {
    ScriptedProvider down = new ScriptedProvider("primary").always(ScriptedReply.unavailable());
    Timeouts timeouts =
        new Timeouts(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));
    ResiliencePolicy policy =
        ResiliencePolicy.ofDefaults()
            .withRetry(
                new RetryPolicy(
                    10, Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofSeconds(30)));
    try (ModelClient client =
        ModelClient.builder()
            .provider(down)
            .route("notes", Route.of("primary", "a"))
            .timeouts(timeouts)
            .resilience(policy)
            .clock(clock)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask())).isInstanceOf(SwitchboardException.class);

      assertThat(clock.slept()).isLessThan(Duration.ofSeconds(2));
      assertThat(down.requests().size()).isLessThan(10);
    }
  }

  @Test
  void requestsPerMinuteThrottleTheCallerInsteadOfTheServer() {
    ScriptedProvider primary = new ScriptedProvider("primary");
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(forPrimary(p -> p.withRateLimit(RateLimitPolicy.perMinute(2, 0))))
            .clock(clock)
            .build()) {
      long start = System.nanoTime();
      client.chat(ask());
      client.chat(ask());
      assertThat(clock.sleeps()).isEmpty();

      client.chat(ask());
      Duration realTime = Duration.ofNanos(System.nanoTime() - start);

      assertThat(clock.sleeps()).hasSize(1);
      // A request every 30 s; the bucket refilled only for the real time the three calls took.
      assertThat(clock.sleeps().get(0))
          .isBetween(Duration.ofSeconds(30).minus(realTime), Duration.ofSeconds(30));
      assertThat(primary.requests()).hasSize(3);
    }
  }

  @Test
  void aRateLimitWaitLongerThanAllowedSkipsTheTargetWithoutIo() {
    ScriptedProvider primary = new ScriptedProvider("primary");
    ScriptedProvider secondary = new ScriptedProvider("secondary");
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .provider(secondary)
            .route("notes", Route.failover(Target.of("primary", "a"), Target.of("secondary", "b")))
            .route("solo", Route.of("primary", "a"))
            .resilience(
                forPrimary(
                    p ->
                        p.withRateLimit(RateLimitPolicy.perMinute(1, 0))
                            .withRetry(p.retry().withMaxRetryAfter(Duration.ofSeconds(5)))))
            .clock(clock)
            .build()) {
      long start = System.nanoTime();
      assertThat(client.chat(ChatRequest.builder().model("notes").user("one").build()).provider())
          .isEqualTo("primary");
      assertThat(client.chat(ChatRequest.builder().model("notes").user("two").build()).provider())
          .isEqualTo("secondary");

      assertThatThrownBy(
              () -> client.chat(ChatRequest.builder().model("solo").user("three").build()))
          .isInstanceOfSatisfying(
              CallNotPermittedException.class,
              e -> {
                assertThat(e.reason()).isEqualTo(CallNotPermittedException.Reason.RATE_LIMITED);
                // A request a minute; the bucket refilled only for the real time the calls took.
                Duration realTime = Duration.ofNanos(System.nanoTime() - start);
                assertThat(e.retryAfter())
                    .hasValueSatisfying(
                        d ->
                            assertThat(d)
                                .isBetween(
                                    Duration.ofMinutes(1).minus(realTime), Duration.ofMinutes(1)));
              });
      assertThat(primary.requests()).hasSize(1);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void tokensPerMinuteAreEstimatedBeforeAndCorrectedAfterTheCall() {
    ScriptedProvider primary =
        new ScriptedProvider("primary").always(ScriptedReply.answer("Short.", Usage.of(10, 5)));
    ChatRequest big =
        ChatRequest.builder().user("Summarize the note.").maxOutputTokens(900).build();
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(forPrimary(p -> p.withRateLimit(RateLimitPolicy.perMinute(0, 1000))))
            .clock(clock)
            .build()) {
      for (int i = 0; i < 5; i++) client.chat(big);

      // Each call reserves about 910 tokens but uses 15: without the correction the second would
      // wait.
      assertThat(clock.sleeps()).isEmpty();
      assertThat(primary.requests()).hasSize(5);
    }
  }

  @Test
  void usageAboveTheEstimateIsChargedSoTheNextCallWaits() {
    ScriptedProvider primary =
        new ScriptedProvider("primary").always(ScriptedReply.answer("Long.", Usage.of(900, 600)));
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .route("notes", Route.of("primary", "a"))
            .resilience(forPrimary(p -> p.withRateLimit(RateLimitPolicy.perMinute(0, 2000))))
            .clock(clock)
            .build()) {
      client.chat(ask());
      assertThat(clock.sleeps()).isEmpty();

      client.chat(ChatRequest.builder().user("Again.").maxOutputTokens(900).build());

      assertThat(clock.sleeps()).hasSize(1);
    }
  }
}
