package dev.switchboard.resilience;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ResilienceSettingsTest {
  private final ResilienceSettings settings =
      ResilienceSettings.builder()
          .global(
              ResiliencePolicy.ofDefaults().withRetry(RetryPolicy.ofDefaults().withMaxAttempts(5)))
          .provider(
              "foundry-us",
              p ->
                  p.withRateLimit(RateLimitPolicy.perMinute(600, 90_000))
                      .withRetry(p.retry().withMaxAttempts(4)))
          .model("triage", p -> p.withRetry(p.retry().withMaxAttempts(2)))
          .build();

  @Test
  void globalAppliesWhereNoOverrideDoes() {
    ResiliencePolicy p = settings.resolve("notes", "gpu-ward");

    assertThat(p.retry().maxAttempts()).isEqualTo(5);
    assertThat(p.rateLimit().limited()).isFalse();
  }

  @Test
  void providerOverridesGlobalAndModelOverridesProviderKeyByKey() {
    assertThat(settings.resolve("notes", "foundry-us").retry().maxAttempts()).isEqualTo(4);

    ResiliencePolicy p = settings.resolve("triage", "foundry-us");

    assertThat(p.retry().maxAttempts()).isEqualTo(2);
    assertThat(p.rateLimit()).isEqualTo(RateLimitPolicy.perMinute(600, 90_000));
  }

  @Test
  void anOverrideReturningNullIsAnError() {
    ResilienceSettings bad = ResilienceSettings.builder().model("triage", p -> null).build();

    assertThatThrownBy(() -> bad.resolve("triage", "x"))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("model triage");
  }

  @Test
  void mergeTakesTheOthersGlobalAndAddsItsOverrides() {
    ResilienceSettings merged =
        ResilienceSettings.builder()
            .provider("gpu-ward", p -> p.withBulkhead(BulkheadPolicy.of(2)))
            .merge(settings)
            .build();

    assertThat(merged.resolve("notes", "gpu-ward").bulkhead().maxConcurrent()).isEqualTo(2);
    assertThat(merged.resolve("notes", "gpu-ward").retry().maxAttempts()).isEqualTo(5);
    assertThat(merged.overriddenProviders()).containsExactly("gpu-ward", "foundry-us");
  }
}
