package dev.switchboard.bench.pipeline;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.mock.MockProvider;
import dev.switchboard.mock.MockReply;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.usage.Usage;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The pipeline's own cost per call: a chat through {@link ModelClient} against the mock (no I/O)
 * versus calling the same mock directly. The difference is the overhead of the call object, the
 * chain, routing, stream assembly and response stamping.
 *
 * <pre>java -jar benchmarks/target/benchmarks.jar PipelineOverhead -prof gc</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class PipelineOverheadBenchmark {
  private MockProvider mock;
  private ModelClient client;
  private ChatRequest request;
  private AttemptContext context;

  @Setup
  public void setUp() {
    // Scripted usage, so that neither side spends time estimating tokens.
    mock =
        MockProvider.builder()
            .reply(MockReply.text("Stable; discharge home.").withUsage(Usage.of(42, 7)))
            .build();
    client =
        ModelClient.builder()
            .provider(mock)
            .route("summary", Route.of("mock", "mock-chat-1"))
            .build();
    request =
        ChatRequest.builder()
            .model("summary")
            .system("Summarize.")
            .user("Patient stable after CAP.")
            .build();
    context = AttemptContext.forModel("mock-chat-1");
  }

  @TearDown
  public void tearDown() {
    client.close();
  }

  @Benchmark
  public ChatResponse mockDirect() {
    ChatResponse r = mock.chat(request, context);
    mock.clearRequests();
    return r;
  }

  @Benchmark
  public ChatResponse clientChat() {
    ChatResponse r = client.chat(request);
    mock.clearRequests();
    return r;
  }

  @Benchmark
  public ChatResponse clientStream() {
    try (ChatStream s = client.stream(request)) {
      ChatResponse r = s.response();
      mock.clearRequests();
      return r;
    }
  }
}
