package dev.switchboard.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.FinishReason;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.ConfigException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MockProviderFactoryTest {

  private static SwitchboardConfig parse(String yaml) {
    return SwitchboardConfig.parse(yaml, "mock.yaml", Map.<String, String>of()::get);
  }

  @Test
  void aScriptFromConfigAnswersLikeOneFromCode() {
    SwitchboardConfig config =
        parse(
            """
        providers:
          mock:
            type: mock
            chunk-size: 2
            replies:
              - { match: "(?i)summar", text: "Stable; discharge home.", usage: { input: 50, output: 6 } }
              - match: "flaky"
                sequence:
                  - { fault: rate-limited, retry-after: 150ms }
                  - { fault: unavailable }
                  - { text: "Recovered." }
              - tool-calls:
                  - { name: lookup_allergies, arguments: { patient: p-17 } }
                finish-reason: tool-calls
        models:
          assistant: { provider: mock, model: mock-1 }
        """);
    try (ModelClient c =
        ModelClient.builder(config)
            .resilience(ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.none()))
            .build()) {
      assertThat(c.chat("Summarize this").text()).isEqualTo("Stable; discharge home.");
      assertThat(c.chat("Summarize this").usage().outputTokens()).isEqualTo(6);
      assertThatThrownBy(() -> c.chat("flaky"))
          .isInstanceOfSatisfying(
              RateLimitedException.class,
              e -> assertThat(e.retryAfter()).contains(Duration.ofMillis(150)));
      assertThatThrownBy(() -> c.chat("flaky")).isInstanceOf(ServiceUnavailableException.class);
      assertThat(c.chat("flaky").text()).isEqualTo("Recovered.");
      var tool = c.chat("anything else");
      assertThat(tool.finishReason()).isEqualTo(FinishReason.TOOL_CALLS);
      assertThat(tool.toolCalls().get(0).arguments()).isEqualTo("{\"patient\":\"p-17\"}");
    }
  }

  @Test
  void badRepliesAreReportedByPath() {
    assertThatThrownBy(
            () ->
                parse(
                    """
        providers:
          mock:
            type: mock
            latency: soon
            replies:
              - { text: a, fault: unavailable }
              - { fault: exploded }
              - { match: "([", text: x }
        models:
          m: { provider: mock, model: x }
        """))
        .isInstanceOfSatisfying(
            ConfigException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "providers.mock.latency: must be a duration such as 500ms, 30s, 2m or 1h",
                        "providers.mock.replies[0]: a reply needs exactly one of text, tool-calls or fault",
                        "providers.mock.replies[1].fault: must be one of authentication, content-filtered, disconnect, invalid-request, "
                            + "rate-limited, timeout, unavailable",
                        "providers.mock.replies[2].match: must be a valid regular expression"));
  }
}
