package dev.switchboard.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.cost.BudgetStore;
import dev.switchboard.cost.CostLedger;
import dev.switchboard.cost.CostTracking;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.BudgetExceededException;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.mock.MockFault;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.mock.VirtualClock;
import dev.switchboard.observability.internal.Names;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.spi.ClusterQuotas;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.usage.Usage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.metrics.data.HistogramPointData;
import io.opentelemetry.sdk.metrics.data.LongPointData;
import io.opentelemetry.sdk.metrics.data.MetricData;
import io.opentelemetry.sdk.metrics.data.PointData;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Spans and metrics of real calls through the pipeline (mock provider, cost and compliance
 * modules), read back with OpenTelemetry's in-memory exporters.
 */
class SwitchboardTelemetryTest {
  @RegisterExtension static final OpenTelemetryExtension otel = OpenTelemetryExtension.create();

  private static final AttributeKey<String> OPERATION =
      AttributeKey.stringKey("gen_ai.operation.name");
  private static final AttributeKey<String> PROVIDER_NAME =
      AttributeKey.stringKey("gen_ai.provider.name");
  private static final AttributeKey<String> REQUEST_MODEL =
      AttributeKey.stringKey("gen_ai.request.model");
  private static final AttributeKey<String> RESPONSE_MODEL =
      AttributeKey.stringKey("gen_ai.response.model");
  private static final AttributeKey<Long> INPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.input_tokens");
  private static final AttributeKey<Long> OUTPUT_TOKENS =
      AttributeKey.longKey("gen_ai.usage.output_tokens");
  private static final AttributeKey<String> ERROR_TYPE = AttributeKey.stringKey("error.type");

  private SwitchboardTelemetry telemetry(String... costTags) {
    return SwitchboardTelemetry.builder()
        .openTelemetry(otel.getOpenTelemetry())
        .providerName("primary", "azure.ai.openai")
        .costTagKeys(costTags)
        .build();
  }

  private static ModelClientBuilder twoTargets(MockProvider primary, MockProvider secondary) {
    return ModelClient.builder()
        .provider(primary)
        .provider(secondary)
        .route("notes", Route.failover(Target.of("primary", "p-1"), Target.of("secondary", "s-1")))
        .clock(new VirtualClock());
  }

  private static MockProvider mock(String id, MockReply... replies) {
    MockProvider.Builder b = MockProvider.builder().id(id).chunkSize(1);
    return (replies.length == 0 ? b : b.sequence(replies)).build();
  }

  private static ChatRequest ask(String text) {
    return ChatRequest.builder()
        .user(text)
        .temperature(0.2)
        .topP(0.9)
        .maxOutputTokens(200)
        .seed(7L)
        .build();
  }

  private static SpanData span(String name) {
    return TelemetryFixtures.span(otel, name);
  }

  private static List<SpanData> spans(String name) {
    return otel.getSpans().stream().filter(s -> s.getName().equals(name)).toList();
  }

  private static MetricData metric(String name) {
    return otel.getMetrics().stream()
        .filter(m -> m.getName().equals(name))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no metric " + name));
  }

  private static Optional<MetricData> maybeMetric(String name) {
    return otel.getMetrics().stream().filter(m -> m.getName().equals(name)).findFirst();
  }

  private static long counterSum(String name, AttributeKey<String> key, String value) {
    return maybeMetric(name).stream()
        .flatMap(m -> m.getLongSumData().getPoints().stream())
        .filter(p -> value.equals(p.getAttributes().get(key)))
        .mapToLong(LongPointData::getValue)
        .sum();
  }

  @Test
  void aUnaryCallGivesACallSpanUnderTheCallersSpanAndAnAttemptSpanWithGenAiAttributes() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary = mock("primary", MockReply.text("Stable.").withUsage(Usage.of(120, 30)));
    try (ModelClient client = t.installOn(twoTargets(primary, mock("secondary"))).build()) {
      Span caller =
          otel.getOpenTelemetry().getTracer("test").spanBuilder("handle-request").startSpan();
      Scope scope = caller.makeCurrent();
      try {
        client.chat(ask("Summarize."));
      } finally {
        scope.close();
        caller.end();
      }
    }
    SpanData call = span("chat notes");
    SpanData attempt = span("chat p-1");
    SpanData parent = span("handle-request");
    assertThat(call.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(call.getParentSpanId()).isEqualTo(parent.getSpanId());
    assertThat(call.getTraceId()).isEqualTo(parent.getTraceId());
    assertThat(attempt.getParentSpanId()).isEqualTo(call.getSpanId());
    assertThat(attempt.getKind()).isEqualTo(SpanKind.CLIENT);

    assertThat(call.getAttributes().get(OPERATION)).isEqualTo("chat");
    assertThat(call.getAttributes().get(REQUEST_MODEL)).isEqualTo("notes");
    assertThat(call.getAttributes().get(PROVIDER_NAME)).isEqualTo("azure.ai.openai");
    assertThat(call.getAttributes().get(RESPONSE_MODEL)).isEqualTo("p-1");
    assertThat(call.getAttributes().get(INPUT_TOKENS)).isEqualTo(120L);
    assertThat(call.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(30L);
    assertThat(
            call.getAttributes().get(AttributeKey.stringArrayKey("gen_ai.response.finish_reasons")))
        .containsExactly("stop");
    assertThat(call.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.temperature")))
        .isEqualTo(0.2);
    assertThat(call.getAttributes().get(AttributeKey.doubleKey("gen_ai.request.top_p")))
        .isEqualTo(0.9);
    assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.request.max_tokens")))
        .isEqualTo(200L);
    assertThat(call.getAttributes().get(AttributeKey.longKey("gen_ai.request.seed"))).isEqualTo(7L);
    assertThat(call.getAttributes().get(Names.LOGICAL_MODEL)).isEqualTo("notes");
    assertThat(call.getAttributes().get(Names.ATTEMPTS)).isEqualTo(1L);
    assertThat(call.getAttributes().get(Names.BUDGET_STATUS)).isEqualTo("ok");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);

    assertThat(attempt.getAttributes().get(REQUEST_MODEL)).isEqualTo("p-1");
    assertThat(attempt.getAttributes().get(PROVIDER_NAME)).isEqualTo("azure.ai.openai");
    assertThat(attempt.getAttributes().get(Names.PROVIDER)).isEqualTo("primary");
    assertThat(attempt.getAttributes().get(Names.ATTEMPT)).isEqualTo(1L);
    assertThat(attempt.getAttributes().get(INPUT_TOKENS)).isEqualTo(120L);

    MetricData duration = metric(Names.OPERATION_DURATION);
    assertThat(duration.getUnit()).isEqualTo("s");
    HistogramPointData d = duration.getHistogramData().getPoints().iterator().next();
    assertThat(d.getCount()).isEqualTo(1);
    assertThat(d.getBoundaries()).isEqualTo(Names.DURATION_BUCKETS);
    assertThat(d.getAttributes().get(OPERATION)).isEqualTo("chat");
    assertThat(d.getAttributes().get(REQUEST_MODEL)).isEqualTo("notes");
    assertThat(d.getAttributes().get(PROVIDER_NAME)).isEqualTo("azure.ai.openai");

    MetricData tokens = metric(Names.TOKEN_USAGE);
    assertThat(tokens.getUnit()).isEqualTo("{token}");
    Map<String, Double> byType = new java.util.HashMap<>();
    for (HistogramPointData p : tokens.getHistogramData().getPoints()) {
      assertThat(p.getBoundaries())
          .isEqualTo(Names.TOKEN_BUCKETS.stream().map(Long::doubleValue).toList());
      byType.put(p.getAttributes().get(AttributeKey.stringKey("gen_ai.token.type")), p.getSum());
    }
    assertThat(byType).containsEntry("input", 120.0).containsEntry("output", 30.0);
    assertThat(t.openCalls()).isZero();
  }

  @Test
  void aStreamReadToItsEndEndsBothSpansWithItsUsageAndRecordsTimeToFirstToken() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary =
        mock("primary", MockReply.text("one two three four").withUsage(Usage.of(40, 4)));
    try (ModelClient client = t.installOn(twoTargets(primary, mock("secondary"))).build();
        ChatStream stream = client.stream(ask("Go."))) {
      int events = 0;
      for (ChatEvent ignored : stream) events++;
      assertThat(events).isGreaterThan(2);
    }
    SpanData call = span("chat notes");
    assertThat(call.hasEnded()).isTrue();
    assertThat(call.getAttributes().get(OUTPUT_TOKENS)).isEqualTo(4L);
    assertThat(call.getEvents()).extracting(e -> e.getName()).contains(Names.FIRST_TOKEN_EVENT);
    assertThat(span("chat p-1").hasEnded()).isTrue();
    HistogramPointData ttft =
        metric(Names.TIME_TO_FIRST_TOKEN).getHistogramData().getPoints().iterator().next();
    assertThat(ttft.getCount()).isEqualTo(1);
    assertThat(ttft.getSum()).isGreaterThanOrEqualTo(0.0);
    assertThat(t.openCalls()).isZero();
  }

  @Test
  void aStreamClosedEarlyEndsItsSpansAsClosedEarlyNotAsAnError() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary = mock("primary", MockReply.text("one two three four five six seven"));
    try (ModelClient client = t.installOn(twoTargets(primary, mock("secondary"))).build()) {
      ChatStream stream = client.stream(ask("Go."));
      Iterator<ChatEvent> events = stream.iterator();
      events.next();
      stream.close();
    }
    SpanData call = span("chat notes");
    assertThat(call.hasEnded()).isTrue();
    assertThat(call.getAttributes().get(Names.STREAM_CLOSED_EARLY)).isTrue();
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    SpanData attempt = span("chat p-1");
    assertThat(attempt.hasEnded()).isTrue();
    assertThat(attempt.getAttributes().get(Names.STREAM_CLOSED_EARLY)).isTrue();
    assertThat(t.openCalls()).isZero();
  }

  @Test
  void aFailedOverCallHasOneSpanPerAttemptAndCountsRetriesAndTheFailover() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary =
        mock(
            "primary",
            MockReply.fault(MockFault.unavailable()),
            MockReply.fault(MockFault.unavailable()),
            MockReply.fault(MockFault.unavailable()));
    MockProvider secondary =
        mock("secondary", MockReply.text("Stable.").withUsage(Usage.of(10, 2)));
    try (ModelClient client =
        t.installOn(twoTargets(primary, secondary))
            .resilience(
                ResiliencePolicy.ofDefaults()
                    .withRetry(RetryPolicy.ofDefaults().withMaxAttempts(2)))
            .build()) {
      ChatResponse r = client.chat(ask("Summarize."));
      assertThat(r.provider()).isEqualTo("secondary");
    }
    SpanData call = span("chat notes");
    assertThat(call.getAttributes().get(Names.ATTEMPTS)).isEqualTo(3L);
    assertThat(call.getAttributes().get(Names.FAILOVER_TARGET)).isEqualTo("secondary/s-1");
    assertThat(call.getAttributes().get(PROVIDER_NAME)).isEqualTo("secondary");
    List<SpanData> failed = spans("chat p-1");
    assertThat(failed).hasSize(2);
    for (SpanData f : failed) {
      assertThat(f.getParentSpanId()).isEqualTo(call.getSpanId());
      assertThat(f.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
      assertThat(f.getAttributes().get(ERROR_TYPE))
          .isEqualTo(ServiceUnavailableException.class.getName());
    }
    assertThat(span("chat s-1").getAttributes().get(Names.ATTEMPT)).isEqualTo(3L);
    String unavailable = ServiceUnavailableException.class.getName();
    assertThat(counterSum(Names.RETRIES, ERROR_TYPE, unavailable)).isEqualTo(1);
    assertThat(counterSum(Names.FAILOVERS, ERROR_TYPE, unavailable)).isEqualTo(1);
  }

  private static final String POLICY_CONFIG =
      """
      providers:
        cloudy:
          type: mock
          profile: { kind: cloud, deployment: global, human-review: true, abuse-monitoring-days: 30 }
      models:
        notes:
          targets: [ { provider: cloudy, model: gpt-4.1 } ]
      compliance:
        policy: builtin:example-hospital
        audit-key: "kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk"
      audit: { type: file, path: audit.jsonl }
      """;

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path dir;

  @Test
  void aCallBlockedByThePolicyEndsWithTheBlockCodeAndCountsAPolicyBlock() {
    SwitchboardTelemetry t = telemetry();
    SwitchboardConfig config;
    try {
      config = SwitchboardConfig.parse(POLICY_CONFIG, "test.yaml", k -> null, dir);
    } catch (dev.switchboard.error.ConfigException e) {
      throw new AssertionError(e.problems().toString(), e);
    }
    try (ModelClient client = t.installOn(ModelClient.builder(config)).build()) {
      assertThatThrownBy(
              () ->
                  client.chat(
                      ChatRequest.builder()
                          .user("Summarize.")
                          .compliance(ComplianceTags.phi("TREAT"))
                          .build()))
          .isInstanceOf(ComplianceViolationException.class);
    }
    SpanData call = span("chat notes");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(ERROR_TYPE))
        .isEqualTo(ComplianceViolationException.class.getName());
    assertThat(call.getAttributes().get(Names.COMPLIANCE_DECISION)).isEqualTo("BLOCK");
    String code = call.getAttributes().get(Names.BLOCK_CODE);
    assertThat(code).isNotBlank();
    assertThat(otel.getSpans()).hasSize(1); // nothing was sent: no attempt span
    assertThat(counterSum(Names.POLICY_BLOCKS, Names.BLOCK_CODE, code)).isEqualTo(1);
  }

  private static final String COST_CONFIG =
      """
      providers:
        primary: { type: mock, replies: [ { text: "Stable.", usage: { input: 1000, output: 100 } } ] }
      models:
        notes:
          targets: [ { provider: primary, model: p-1 } ]
      pricing:
        overrides:
          - { provider: "*", model: "*", input-per-million: 2.00, output-per-million: 8.00 }
      budgets:
        - { name: cardiology, match: { department: cardiology }, limit: %s, currency: USD, period: month, mode: %s }
      """;

  private static ModelClient costClient(SwitchboardTelemetry t, String limit, String mode) {
    SwitchboardConfig config =
        SwitchboardConfig.parse(COST_CONFIG.formatted(limit, mode), "t.yaml");
    return t.installOn(
            ModelClient.builder(config)
                .with(
                    CostTracking.from(config).orElseThrow().toBuilder()
                        .ledger(CostLedger.inMemory())
                        .budgetStore(BudgetStore.inMemory())
                        .build())
                .clock(new VirtualClock()))
        .build();
  }

  @Test
  void aServedCallReportsItsCostByTagAndTheBudgetRemaining() {
    SwitchboardTelemetry t = telemetry("department");
    try (ModelClient client = costClient(t, "1.00", "soft")) {
      client.chat(ChatRequest.builder().user("Summarize.").tag("department", "cardiology").build());
    }
    SpanData call = span("chat notes");
    // 1000 in at $2/M + 100 out at $8/M = $0.0028
    assertThat(call.getAttributes().get(Names.COST_AMOUNT)).isEqualTo(0.0028);
    assertThat(call.getAttributes().get(Names.COST_CURRENCY)).isEqualTo("USD");
    assertThat(call.getAttributes().get(Names.COST_ESTIMATED)).isFalse();
    assertThat(call.getAttributes().get(Names.BUDGET_STATUS)).isEqualTo("ok");
    assertThat(
            counterSum(
                Names.COST, AttributeKey.stringKey("switchboard.tag.department"), "cardiology"))
        .isEqualTo(2800);
    PointData remaining =
        metric(Names.BUDGET_REMAINING).getDoubleGaugeData().getPoints().iterator().next();
    assertThat(remaining.getAttributes().get(Names.BUDGET_NAME)).isEqualTo("cardiology");
    assertThat(((io.opentelemetry.sdk.metrics.data.DoublePointData) remaining).getValue())
        .isBetween(0.0, 1.0);
  }

  @Test
  void aCallRefusedByAHardBudgetSaysSoOnItsSpan() {
    SwitchboardTelemetry t = telemetry();
    try (ModelClient client = costClient(t, "0.000001", "hard")) {
      assertThatThrownBy(
              () ->
                  client.chat(
                      ChatRequest.builder()
                          .user("Summarize.")
                          .tag("department", "cardiology")
                          .build()))
          .isInstanceOf(BudgetExceededException.class);
    }
    SpanData call = span("chat notes");
    assertThat(call.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(call.getAttributes().get(Names.BUDGET_STATUS)).isEqualTo("exceeded");
    assertThat(call.getAttributes().get(Names.BUDGET_NAME)).isEqualTo("cardiology");
    assertThat(call.getAttributes().get(ERROR_TYPE))
        .isEqualTo(BudgetExceededException.class.getName());
  }

  @Test
  void aClusterLimitFallingBackToTheInstanceShareIsCounted() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary = mock("primary", MockReply.text("a"), MockReply.text("b"));
    // A store whose database is down: every operation throws.
    ClusterQuotas down =
        (target, limits) ->
            new ClusterQuotas.SharedRateLimiter() {
              @Override
              public long reserve(long tokens, long maxWaitNanos) {
                throw new IllegalStateException("database down");
              }

              @Override
              public void cancel(long tokens) {}

              @Override
              public void correct(long charged, long actual) {}

              @Override
              public void backOff(long pauseNanos) {}
            };
    PipelineFeature store =
        new PipelineFeature() {
          @Override
          public String name() {
            return "cluster-quotas";
          }

          @Override
          public InstalledFeature install(FeatureContext context) {
            return InstalledFeature.of(Map.of(), () -> {}).withClusterQuotas(down);
          }
        };
    ResiliencePolicy policy =
        ResiliencePolicy.ofDefaults().withRateLimit(RateLimitPolicy.clusterPerMinute(600, 0, 4));
    try (ModelClient client =
        t.installOn(twoTargets(primary, mock("secondary")))
            .with(store)
            .resilience(policy)
            .build()) {
      client.chat(ask("Go."));
      client.chat(ask("Again."));
    }
    assertThat(counterSum(Names.QUOTA_MODE_CHANGES, Names.QUOTA_MODE, "instance_share"))
        .as("counted once, not per call")
        .isEqualTo(1);
  }

  @Test
  void circuitTransitionsAreCounted() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary =
        mock(
            "primary",
            MockReply.fault(MockFault.unavailable()),
            MockReply.fault(MockFault.unavailable()),
            MockReply.fault(MockFault.unavailable()));
    MockProvider secondary =
        mock("secondary", MockReply.text("a"), MockReply.text("b"), MockReply.text("c"));
    ResiliencePolicy policy =
        ResiliencePolicy.ofDefaults()
            .withRetry(RetryPolicy.none())
            .withCircuitBreaker(
                CircuitBreakerPolicy.ofDefaults().withSlidingWindow(2).withMinimumCalls(2));
    try (ModelClient client =
        t.installOn(twoTargets(primary, secondary)).resilience(policy).build()) {
      for (int i = 0; i < 3; i++) client.chat(ask("Go."));
    }
    assertThat(counterSum(Names.CIRCUIT_CHANGES, Names.CIRCUIT_STATE, "open")).isEqualTo(1);
    // the third call skipped the open circuit: two attempts at primary, three at secondary
    assertThat(spans("chat p-1")).hasSize(2);
  }

  @Test
  void anEmbeddingCallGetsAnEmbeddingsSpan() {
    SwitchboardTelemetry t = telemetry();
    MockProvider primary = MockProvider.builder().id("primary").embeddingDimensions(4).build();
    try (ModelClient client =
        t.installOn(
                ModelClient.builder()
                    .provider(primary)
                    .route("vectors", Route.of("primary", "embed-1")))
            .build()) {
      client.embed(EmbeddingRequest.builder().input("stable").build());
    }
    SpanData call = span("embeddings vectors");
    assertThat(call.getAttributes().get(OPERATION)).isEqualTo("embeddings");
    assertThat(span("embeddings embed-1").getParentSpanId()).isEqualTo(call.getSpanId());
  }

  @Test
  void noPromptTextTagOrIdentifierReachesAnySpanEventAttributeOrMetricLabel() {
    SwitchboardTelemetry t = telemetry("department");
    String canary = "CANARY7731";
    MockProvider primary =
        mock(
            "primary",
            MockReply.fault(MockFault.unavailable()),
            MockReply.text("Answer " + canary + " repeated."),
            MockReply.text("Streamed " + canary + " answer here."));
    MockProvider secondary = mock("secondary", MockReply.text("Fallback " + canary + "."));
    try (ModelClient client = t.installOn(twoTargets(primary, secondary)).build()) {
      ChatRequest request =
          ChatRequest.builder()
              .system("You are " + canary)
              .user("Patient " + canary + " MRN " + canary + " needs a summary.")
              .tag("department", "cardiology")
              .tag("patient", canary)
              .endUser("user-" + canary)
              .build();
      client.chat(request);
      client.chat(request);
      try (ChatStream s = client.stream(request)) {
        s.iterator().next();
      }
    }
    List<String> seen = new ArrayList<>();
    for (SpanData s : otel.getSpans()) {
      seen.add(s.getName());
      seen.add(s.getAttributes().toString());
      seen.add(s.getStatus().toString());
      s.getEvents().forEach(e -> seen.add(e.getName() + e.getAttributes()));
    }
    for (MetricData m : otel.getMetrics()) {
      seen.add(m.getName());
      m.getData().getPoints().forEach(p -> seen.add(p.getAttributes().toString()));
    }
    assertThat(otel.getSpans()).isNotEmpty();
    assertThat(seen).noneMatch(s -> s.contains(canary));
  }
}
