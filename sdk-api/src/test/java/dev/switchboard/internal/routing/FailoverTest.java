package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.Tool;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Position;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Moving a call from target to target: order, weights, and the targets it may not touch. */
class FailoverTest {
  private final ScriptedProvider primary =
      new ScriptedProvider("primary").always(ScriptedReply.unavailable());
  private final ScriptedProvider secondary =
      new ScriptedProvider("secondary").always(ScriptedReply.text("From the secondary."));
  private final TestClock clock = new TestClock();
  private final AttemptLog log = new AttemptLog();

  private ModelClientBuilder twoVendors(Route route) {
    return ModelClient.builder()
        .provider(primary)
        .provider(secondary)
        .route("notes", route)
        .clock(clock)
        .addListener(log);
  }

  private static Route failover() {
    return Route.failover(Target.of("primary", "gpt-a"), Target.of("secondary", "llama-b"));
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  @Test
  void failsOverToTheSecondVendorWhenTheFirstIsDown() {
    try (ModelClient client = twoVendors(failover()).build()) {
      ChatResponse r = client.chat(ask());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.model()).isEqualTo("llama-b");
      assertThat(r.attempts()).isEqualTo(4);
      assertThat(primary.requests()).hasSize(3);
      assertThat(secondary.requests()).hasSize(1);
      assertThat(log.started)
          .extracting(e -> e.target().provider())
          .containsExactly("primary", "primary", "primary", "secondary");
      assertThat(log.ended.get(2).nextDelay()).isEqualTo(Duration.ZERO);
      assertThat(log.succeeded.get(0).servedBy().provider()).isEqualTo("secondary");
      assertThat(log.succeeded.get(0).attempts()).isEqualTo(4);
    }
  }

  @Test
  void retryAfterAboveTheMaximumFailsOverWithoutSleeping() {
    ScriptedProvider throttled =
        new ScriptedProvider("primary").always(ScriptedReply.rateLimited(Duration.ofMinutes(2)));
    try (ModelClient client =
        ModelClient.builder()
            .provider(throttled)
            .provider(secondary)
            .route("notes", failover())
            .clock(clock)
            .build()) {
      ChatResponse r = client.chat(ask());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.attempts()).isEqualTo(2);
      assertThat(throttled.requests()).hasSize(1);
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void aFailedTargetIsNotTriedAgainInTheSameCall() {
    ScriptedProvider third = new ScriptedProvider("third").always(ScriptedReply.unavailable());
    ScriptedProvider down = new ScriptedProvider("secondary").always(ScriptedReply.unavailable());
    try (ModelClient client =
        ModelClient.builder()
            .provider(primary)
            .provider(down)
            .provider(third)
            .route(
                "notes",
                Route.failover(
                    Target.of("primary", "a"),
                    Target.of("secondary", "b"),
                    Target.of("third", "c")))
            .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
            .clock(clock)
            .build()) {
      assertThatThrownBy(() -> client.chat(ask()))
          .isInstanceOf(ServiceUnavailableException.class)
          .satisfies(
              e -> assertThat(((ServiceUnavailableException) e).provider()).contains("third"))
          .satisfies(e -> assertThat(e.getSuppressed()).hasSize(2));

      assertThat(primary.requests()).hasSize(1);
      assertThat(down.requests()).hasSize(1);
      assertThat(third.requests()).hasSize(1);
    }
  }

  @Test
  void neverTriesTargetsThatAnEarlierStageRemoved() {
    CallInterceptor onlySecondary =
        new CallInterceptor() {
          @Override
          public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
            return chain.proceed(
                chain.call().withRoute(Route.failover(Target.of("secondary", "llama-b"))));
          }
        };
    ScriptedProvider healthy =
        new ScriptedProvider("primary").always(ScriptedReply.text("From the primary."));
    try (ModelClient client =
        ModelClient.builder()
            .provider(healthy)
            .provider(secondary)
            .route("notes", failover())
            .addInterceptor(Position.PER_CALL, onlySecondary)
            .clock(clock)
            .build()) {
      ChatResponse r = client.chat(ask());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(healthy.requests()).isEmpty();
    }
  }

  @Test
  void skipsTargetsThatLackACapabilityTheRequestNeeds() {
    ScriptedProvider textOnly =
        new ScriptedProvider("primary")
            .always(ScriptedReply.text("no tools here"))
            .capabilities(ProviderCapabilities.all().withTools(false));
    ChatRequest withTools =
        ChatRequest.builder()
            .user("Look up allergies.")
            .addTool(Tool.of("lookup_allergies", "Allergy list", Tool.NO_PARAMETERS))
            .build();
    try (ModelClient client =
        ModelClient.builder()
            .provider(textOnly)
            .provider(secondary)
            .route("notes", failover())
            .clock(clock)
            .addListener(log)
            .build()) {
      ChatResponse r = client.chat(withTools);

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.attempts()).isEqualTo(1);
      assertThat(textOnly.requests()).isEmpty();
    }
  }

  @Test
  void spreadsCallsByWeightWithinToleranceOver1000Calls() {
    ScriptedProvider heavy = new ScriptedProvider("primary").always(ScriptedReply.text("a"));
    try (ModelClient client =
        ModelClient.builder()
            .provider(heavy)
            .provider(secondary)
            .route(
                "notes",
                Route.weighted(new Target("primary", "a", 3), new Target("secondary", "b", 1)))
            .clock(clock)
            .build()) {
      for (int i = 0; i < 1000; i++) client.chat(ask());

      // Binomial(1000, 0.75): standard deviation 13.7; 70 is five of them.
      assertThat(heavy.requests().size()).isBetween(680, 820);
      assertThat(heavy.requests().size() + secondary.requests().size()).isEqualTo(1000);
    }
  }

  @Test
  void weightedRouteFailsOverToTheRestWhenItsPickIsDown() {
    try (ModelClient client =
        twoVendors(Route.weighted(new Target("primary", "a", 9), new Target("secondary", "b", 1)))
            .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
            .build()) {
      for (int i = 0; i < 50; i++) {
        assertThat(client.chat(ask()).provider()).isEqualTo("secondary");
      }
      assertThat(secondary.requests()).hasSize(50);
      assertThat(log.ended).filteredOn(CallListener.AttemptEnded::succeeded).hasSize(50);
    }
  }
}
