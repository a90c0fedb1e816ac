package dev.switchboard.internal.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.internal.ProviderFactories;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ModelProviderFactory;
import dev.switchboard.spi.ProviderConfig;
import dev.switchboard.spi.ProviderSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The {@code resilience:} sections: top level, per provider, per logical model. */
class ResilienceConfigTest {
  private static final String PROVIDERS =
      """
      providers:
        foundry-us:
          type: stub
          endpoint: https://example.invalid
          resilience:
            rate-limit: { requests-per-minute: 600, tokens-per-minute: 90000 }
            bulkhead: { max-concurrent: 16 }
        gpu-ward:
          type: stub
      models:
        triage:
          targets:
            - { provider: foundry-us, model: gpt-4.1-mini }
            - { provider: gpu-ward, model: "llama3.1:8b" }
          resilience:
            retry: { max-attempts: 5 }
            circuit-breaker: { open-for: 10s }
        notes: { provider: gpu-ward, model: "llama3.1:8b" }
      """;

  private static ConfigParser.Result parse(String yaml) {
    return new ConfigParser(ProviderFactories.of(List.of(new StubFactory())), name -> null)
        .parse(yaml);
  }

  @Test
  void readsEveryKeyAndLetsTheMostSpecificSettingWin() {
    ConfigParser.Result r =
        parse(
            PROVIDERS
                + """
        resilience:
          retry: { max-attempts: 4, initial-backoff: 100ms, max-backoff: 2s, max-retry-after: 20s }
          circuit-breaker: { enabled: true, failure-rate-threshold: 40, sliding-window: 30, minimum-calls: 15, open-for: 1m }
          timeouts: { connect: 1s, read: 30s, call: 90s }
        """);

    assertThat(r.problems()).isEmpty();
    ResiliencePolicy triageFoundry = r.resilience().resolve("triage", "foundry-us");
    assertThat(triageFoundry.retry().maxAttempts()).isEqualTo(5);
    assertThat(triageFoundry.retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
    assertThat(triageFoundry.retry().maxRetryAfter()).isEqualTo(Duration.ofSeconds(20));
    assertThat(triageFoundry.circuitBreaker().openFor()).isEqualTo(Duration.ofSeconds(10));
    assertThat(triageFoundry.circuitBreaker().failureRateThreshold()).isEqualTo(40f);
    assertThat(triageFoundry.rateLimit().requestsPerMinute()).isEqualTo(600);
    assertThat(triageFoundry.rateLimit().tokensPerMinute()).isEqualTo(90_000);
    assertThat(triageFoundry.bulkhead().maxConcurrent()).isEqualTo(16);
    ResiliencePolicy notesWard = r.resilience().resolve("notes", "gpu-ward");
    assertThat(notesWard.retry().maxAttempts()).isEqualTo(4);
    assertThat(notesWard.circuitBreaker().slidingWindow()).isEqualTo(30);
    assertThat(notesWard.rateLimit().limited()).isFalse();
    assertThat(r.timeouts().call()).isEqualTo(Duration.ofSeconds(90));
  }

  @Test
  void defaultsApplyWithoutAResilienceSection() {
    ConfigParser.Result r = parse(PROVIDERS);

    assertThat(r.problems()).isEmpty();
    assertThat(r.resilience().global()).isEqualTo(ResiliencePolicy.ofDefaults());
  }

  @Test
  void reportsBadValuesAndUnknownKeysByPath() {
    ConfigParser.Result r =
        parse(
            PROVIDERS.replace(
                    "bulkhead: { max-concurrent: 16 }",
                    "bulkhead: { max-concurrent: -1 }\n      timeouts: { call: 5s }")
                + """
        resilience:
          retry: { max-attempts: 0, max-atempts: 3 }
          circuit-breaker: { failure-rate-threshold: 150, open-for: soon }
          rate-limit: { requests-per-minute: lots }
        """);

    assertThat(r.problems())
        .contains(
            "resilience.retry.max-attempts: must be at least 1",
            "resilience.retry.max-atempts: unknown key",
            "resilience.circuit-breaker.failure-rate-threshold: must be a percentage above 0 and at most 100",
            "resilience.circuit-breaker.open-for: must be a duration such as 500ms, 30s, 2m or 1h",
            "resilience.rate-limit.requests-per-minute: must be an integer",
            "providers.foundry-us.resilience.bulkhead.max-concurrent: must not be negative (0 means no limit)",
            "providers.foundry-us.resilience.timeouts: is only supported in the top-level resilience section");
    assertThat(r.problems())
        .noneMatch(p -> p.startsWith("providers.foundry-us.resilience: unknown key"));
  }

  @Test
  void readsAClusterScopedRateLimitWithItsInstanceCount() {
    ConfigParser.Result r =
        parse(
            PROVIDERS.replace(
                "rate-limit: { requests-per-minute: 600, tokens-per-minute: 90000 }",
                "rate-limit: { requests-per-minute: 600, tokens-per-minute: 90000, scope: cluster,"
                    + " instances: 4 }"));

    assertThat(r.problems()).isEmpty();
    RateLimitPolicy limit = r.resilience().resolve("triage", "foundry-us").rateLimit();
    assertThat(limit.scope()).isEqualTo(RateLimitPolicy.Scope.CLUSTER);
    assertThat(limit.instances()).isEqualTo(4);
    assertThat(limit.share()).isEqualTo(RateLimitPolicy.perMinute(150, 22_500));
  }

  @Test
  void reportsAClusterScopeWithoutInstancesAndBadScopeValuesByPath() {
    ConfigParser.Result r =
        parse(
            PROVIDERS
                    .replace(
                        "rate-limit: { requests-per-minute: 600, tokens-per-minute: 90000 }",
                        "rate-limit: { requests-per-minute: 600, scope: cluster }")
                    .replace(
                        "retry: { max-attempts: 5 }",
                        "rate-limit: { scope: instance, instances: 3 }")
                + """
        resilience:
          rate-limit: { requests-per-minute: 60, scope: galaxy, instances: 0 }
        """);

    assertThat(r.problems())
        .contains(
            "providers.foundry-us.resilience.rate-limit.scope: cluster needs instances: the number"
                + " of instances sharing the limit (each keeps to limit/instances while the shared"
                + " database cannot be reached)",
            "models.triage.resilience.rate-limit.instances: only applies with scope: cluster",
            "resilience.rate-limit.scope: must be one of cluster, instance",
            "resilience.rate-limit.instances: must be at least 1");
  }

  @Test
  void reportsCombinationsThatContradictTheTopLevelPolicy() {
    ConfigParser.Result r =
        parse(PROVIDERS.replace("retry: { max-attempts: 5 }", "retry: { initial-backoff: 10s }"));

    assertThat(r.problems())
        .containsExactly(
            "models.triage.resilience: max-backoff: must not be less than initial-backoff");
  }

  @Test
  void reportsAModelSectionThatContradictsItsTargetsProviderSection() {
    ConfigParser.Result r =
        parse(
            PROVIDERS
                    .replace("bulkhead: { max-concurrent: 16 }", "retry: { max-backoff: 1s }")
                    .replace("retry: { max-attempts: 5 }", "retry: { initial-backoff: 2s }")
                + "resilience:\n  retry: { max-backoff: 10s }\n");

    assertThat(r.problems())
        .containsExactly(
            "models.triage.resilience: with provider foundry-us's settings: max-backoff: must not be less than initial-backoff");
  }

  /**
   * A provider type that accepts one optional key, to see which keys reach an adapter's factory.
   */
  static final class StubFactory implements ModelProviderFactory {
    @Override
    public String type() {
      return "stub";
    }

    @Override
    public ProviderConfig parse(ProviderSettings settings) {
      settings.url("endpoint");
      return new ProviderConfig() {
        @Override
        public String type() {
          return "stub";
        }

        @Override
        public String describe() {
          return "stub";
        }
      };
    }

    @Override
    public ModelProvider create(String id, ProviderConfig config) {
      throw new UnsupportedOperationException("parse-only");
    }
  }
}
