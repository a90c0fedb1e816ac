package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {

  @Test
  void defaultsAreThreeAttemptsFrom200MillisTo5SecondsWith30SecondsRetryAfter() {
    RetryPolicy p = RetryPolicy.ofDefaults();

    assertThat(p.maxAttempts()).isEqualTo(3);
    assertThat(p.initialBackoff()).isEqualTo(Duration.ofMillis(200));
    assertThat(p.maxBackoff()).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.maxRetryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void backoffCapDoublesUntilTheMaximum() {
    RetryPolicy p = RetryPolicy.ofDefaults();

    assertThat(p.backoffCap(1)).isEqualTo(Duration.ofMillis(200));
    assertThat(p.backoffCap(2)).isEqualTo(Duration.ofMillis(400));
    assertThat(p.backoffCap(5)).isEqualTo(Duration.ofMillis(3200));
    assertThat(p.backoffCap(6)).isEqualTo(Duration.ofSeconds(5));
    assertThat(p.backoffCap(99)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void rejectsInconsistentValuesNamingTheField() {
    assertThatThrownBy(() -> RetryPolicy.ofDefaults().withMaxAttempts(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryPolicy.maxAttempts");
    assertThatThrownBy(() -> RetryPolicy.ofDefaults().withMaxBackoff(Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryPolicy.maxBackoff");
    assertThatThrownBy(() -> RetryPolicy.ofDefaults().withMaxRetryAfter(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("RetryPolicy.maxRetryAfter");
  }

  @Test
  void otherPoliciesValidateToo() {
    assertThatThrownBy(() -> CircuitBreakerPolicy.ofDefaults().withMinimumCalls(21))
        .hasMessageStartingWith("CircuitBreakerPolicy.minimumCalls");
    assertThatThrownBy(() -> CircuitBreakerPolicy.ofDefaults().withFailureRateThreshold(0))
        .hasMessageStartingWith("CircuitBreakerPolicy.failureRateThreshold");
    assertThatThrownBy(() -> RateLimitPolicy.perMinute(-1, 0))
        .hasMessageStartingWith("RateLimitPolicy.requestsPerMinute");
    assertThatThrownBy(() -> BulkheadPolicy.of(-1))
        .hasMessageStartingWith("BulkheadPolicy.maxConcurrent");
    assertThat(CircuitBreakerPolicy.ofDefaults().withSlidingWindow(5).minimumCalls()).isEqualTo(5);
  }
}
