package dev.switchboard.bench.resilience;

import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.routing.RoutingStage;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import dev.switchboard.usage.Usage;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the resilience layer adds to a call that succeeds at once: the same pipeline with the {@link
 * RoutingStage} under a policy with every guard off and one attempt (the baseline), and under the
 * defaults or with every guard on, against the shared {@link ScriptedProvider} answering from
 * memory (no I/O, requests not recorded). The difference between the arms is the overhead; the goal
 * is under 2 µs.
 *
 * <p>The provider does not record requests: recording grows with each of the millions of calls a
 * benchmark makes and would swamp what is measured here.
 *
 * <pre>
 * mvn -B -q -pl benchmarks -am package -DskipTests
 * java -jar benchmarks/target/benchmarks.jar ResilienceOverhead
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResilienceOverheadBenchmark {
  private static final String MODEL = "notes";

  private final Route route = Route.of("stub", "model-1");
  private final ChatRequest chat =
      ChatRequest.builder().user("Summarize the discharge note.").build();
  private final EmbeddingRequest embed = EmbeddingRequest.builder().input("chest pain").build();
  private Pipeline plain;
  private Pipeline resilient;
  private Pipeline allGuards;

  @Setup
  public void setUp() {
    ScriptedProvider stub =
        new ScriptedProvider("stub")
            .recordRequests(false)
            .always(
                ScriptedReply.answer("Stable; discharge home.", Usage.of(12, 6))
                    .withVectors(List.of(new float[] {0.1f, 0.2f})));
    ProviderRegistry providers = new ProviderRegistry(Map.of("stub", stub));
    ResiliencePolicy off =
        ResiliencePolicy.ofDefaults()
            .withRetry(RetryPolicy.none())
            .withCircuitBreaker(CircuitBreakerPolicy.disabled());
    plain = pipeline(providers, ResilienceSettings.builder().global(off).build());
    resilient = pipeline(providers, ResilienceSettings.ofDefaults());
    allGuards =
        pipeline(
            providers,
            ResilienceSettings.builder()
                .global(
                    ResiliencePolicy.ofDefaults()
                        .withRateLimit(
                            RateLimitPolicy.perMinute(Integer.MAX_VALUE, 1_000_000_000_000L))
                        .withBulkhead(BulkheadPolicy.of(1024)))
                .build());
  }

  private Pipeline pipeline(ProviderRegistry providers, ResilienceSettings settings) {
    RoutingStage routing =
        new RoutingStage(providers, settings, Map.of(MODEL, route), ResilienceClock.system());
    return Pipeline.assemble(routing, Map.of(), List.of(), List.of(), providers);
  }

  private Call chatCall() {
    return Call.start(Operation.CHAT, chat, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE);
  }

  /** Every guard off, one attempt: the baseline. */
  @Benchmark
  public ChatResponse plainRouting() {
    return plain.chat(chatCall());
  }

  /** Defaults: retry policy and circuit breaker (no rate limit, no bulkhead). */
  @Benchmark
  public ChatResponse resilientRouting() {
    return resilient.chat(chatCall());
  }

  /**
   * Circuit breaker, requests- and tokens-per-minute limits (with the token estimate) and bulkhead.
   */
  @Benchmark
  public ChatResponse resilientRoutingAllGuards() {
    return allGuards.chat(chatCall());
  }

  @Benchmark
  public EmbeddingResponse plainRoutingEmbed() {
    return plain.embed(
        Call.start(Operation.EMBED, embed, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE));
  }

  @Benchmark
  public EmbeddingResponse resilientRoutingEmbed() {
    return resilient.embed(
        Call.start(Operation.EMBED, embed, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE));
  }
}
