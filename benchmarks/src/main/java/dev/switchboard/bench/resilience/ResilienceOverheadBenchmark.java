package dev.switchboard.bench.resilience;

import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.pipeline.RoutingStage;
import dev.switchboard.internal.resilience.ResilientRoutingStage;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.EventSources;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
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
 * What the resilience layer adds to a call that succeeds at once: the same pipeline with the
 * plain first-target {@link RoutingStage} and with the {@link ResilientRoutingStage}, against a
 * provider that answers from memory (no I/O). The difference between the arms is the overhead;
 * the goal is under 2 µs.
 *
 * <p>The provider is a stub rather than the {@code sdk-mock} MockProvider because the mock records
 * every request in a copy-on-write list, whose cost grows with each of the millions of calls a
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
  private final ChatRequest chat = ChatRequest.builder().user("Summarize the discharge note.").build();
  private final EmbeddingRequest embed = EmbeddingRequest.builder().input("chest pain").build();
  private Pipeline plain;
  private Pipeline resilient;
  private Pipeline allGuards;

  @Setup
  public void setUp() {
    ProviderRegistry providers = new ProviderRegistry(Map.of("stub", new StubProvider()));
    plain = pipeline(new RoutingStage(providers), providers);
    resilient = pipeline(new ResilientRoutingStage(providers, ResilienceSettings.ofDefaults(), Map.of(MODEL, route),
        ResilienceClock.system()), providers);
    ResilienceSettings guarded = ResilienceSettings.builder().global(ResiliencePolicy.ofDefaults()
        .withRateLimit(RateLimitPolicy.perMinute(Integer.MAX_VALUE, 1_000_000_000_000L))
        .withBulkhead(BulkheadPolicy.of(1024))).build();
    allGuards = pipeline(new ResilientRoutingStage(providers, guarded, Map.of(MODEL, route), ResilienceClock.system()),
        providers);
  }

  private static Pipeline pipeline(CallInterceptor routing, ProviderRegistry providers) {
    return new Pipeline(Map.of(Stage.ROUTING, routing), List.of(), List.of(), providers);
  }

  private Call chatCall() {
    return Call.start(Operation.CHAT, chat, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE);
  }

  /** First capable target, one attempt: the baseline. */
  @Benchmark
  public ChatResponse plainRouting() {
    return plain.chat(chatCall());
  }

  /** Defaults: retry policy and circuit breaker (no rate limit, no bulkhead). */
  @Benchmark
  public ChatResponse resilientRouting() {
    return resilient.chat(chatCall());
  }

  /** Circuit breaker, requests- and tokens-per-minute limits (with the token estimate) and bulkhead. */
  @Benchmark
  public ChatResponse resilientRoutingAllGuards() {
    return allGuards.chat(chatCall());
  }

  @Benchmark
  public EmbeddingResponse plainRoutingEmbed() {
    return plain.embed(Call.start(Operation.EMBED, embed, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE));
  }

  @Benchmark
  public EmbeddingResponse resilientRoutingEmbed() {
    return resilient.embed(Call.start(Operation.EMBED, embed, MODEL, route, Timeouts.DEFAULTS, CallListener.NONE));
  }

  /** Answers from memory. */
  static final class StubProvider implements ModelProvider {
    private final ChatResponse answer = ChatResponse.builder().text("Stable; discharge home.")
        .usage(Usage.of(12, 6)).provider("stub").model("model-1").build();
    private final EmbeddingResponse vectors = EmbeddingResponse.builder()
        .addEmbedding(new dev.switchboard.embedding.Embedding(0, new float[] {0.1f, 0.2f}))
        .usage(Usage.of(2, 0)).provider("stub").model("model-1").build();

    @Override
    public String id() {
      return "stub";
    }

    @Override
    public ProviderCapabilities capabilities(String model) {
      return ProviderCapabilities.all();
    }

    @Override
    public ChatResponse chat(ChatRequest request, AttemptContext context) {
      return answer;
    }

    @Override
    public ChatEventSource stream(ChatRequest request, AttemptContext context) {
      return EventSources.of(answer);
    }

    @Override
    public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
      return vectors;
    }

    @Override
    public void close() {
      // nothing to release
    }
  }
}
