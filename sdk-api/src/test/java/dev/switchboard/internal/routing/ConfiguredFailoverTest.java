package dev.switchboard.internal.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Resilience set up from YAML, end to end through scripted providers created from config (type
 * {@code recording}, whose {@code fault} and {@code reply} keys script them).
 */
class ConfiguredFailoverTest {
  private static final String YAML =
      """
      providers:
        primary:
          type: recording
          endpoint: "http://primary.test"
          fault: unavailable
          resilience:
            retry: { max-attempts: 2 }
        secondary:
          type: recording
          endpoint: "http://secondary.test"
          reply: "From the secondary."
      models:
        notes:
          strategy: failover
          targets:
            - { provider: primary, model: gpt-a }
            - { provider: secondary, model: llama-b }
          resilience:
            retry: { initial-backoff: 1s, max-backoff: 1s }
      resilience:
        retry: { max-attempts: 3, initial-backoff: 200ms, max-backoff: 5s, max-retry-after: 30s }
        circuit-breaker: { failure-rate-threshold: 50, sliding-window: 20, minimum-calls: 10, open-for: 30s }
      """;

  @Test
  void aPrimaryThatIsDownFailsOverToTheSecondaryAsConfigured() {
    SwitchboardConfig config = SwitchboardConfig.parse(YAML, "test.yaml");
    TestClock clock = new TestClock();
    try (ModelClient client = ModelClient.builder(config).clock(clock).build()) {
      ChatResponse r = client.chat(ChatRequest.builder().user("Summarize.").build());

      assertThat(r.provider()).isEqualTo("secondary");
      assertThat(r.model()).isEqualTo("llama-b");
      assertThat(r.attempts()).isEqualTo(3);
      assertThat(clock.sleeps())
          .hasSize(1)
          .allSatisfy(d -> assertThat(d).isLessThanOrEqualTo(Duration.ofSeconds(1)));
    }
  }

  @Test
  void theMostSpecificSettingWinsKeyByKey() {
    SwitchboardConfig config = SwitchboardConfig.parse(YAML, "test.yaml");

    ResiliencePolicy primary = config.resilience().resolve("notes", "primary");
    ResiliencePolicy secondary = config.resilience().resolve("notes", "secondary");

    assertThat(primary.retry().maxAttempts()).isEqualTo(2);
    assertThat(primary.retry().initialBackoff()).isEqualTo(Duration.ofSeconds(1));
    assertThat(secondary.retry().maxAttempts()).isEqualTo(3);
    assertThat(secondary.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
  }
}
