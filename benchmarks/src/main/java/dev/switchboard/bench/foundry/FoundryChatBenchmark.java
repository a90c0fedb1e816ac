package dev.switchboard.bench.foundry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.foundry.FoundryProviderFactory;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One non-streamed chat call through the whole client (config, pipeline, Foundry openai-v1
 * provider, wire codec) against the same call made by hand with OkHttp and Jackson, both to the
 * nginx loopback stub. Start the stub first:
 *
 * <pre>
 *   ../shared/bench/loopback-stub.sh start 18080
 *   java -jar benchmarks/target/benchmarks.jar FoundryChatBenchmark -f 1 -wi 3 -i 5 -prof gc
 * </pre>
 *
 * <p>The port can be changed with {@code -Dbench.port=...} (pass it to the fork with {@code
 * -jvmArgsAppend}). Goal: the client's p50 under 1.10x the raw call's.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The full client has more code to compile than the raw call: with 3 x 2 s of warm-up its p50
// still varied by half between runs; 6 x 3 s in two forks gives stable numbers.
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 6, time = 3)
@Fork(2)
@State(Scope.Benchmark)
public class FoundryChatBenchmark {
  private static final MediaType JSON = MediaType.get("application/json");

  private ModelClient client;
  private ModelProvider provider;
  private ChatRequest request;
  private OkHttpClient raw;
  private ObjectMapper mapper;
  private String rawUrl;
  private Map<String, Object> rawBody;

  @Setup(Level.Trial)
  public void setUp() {
    int port = Integer.getInteger("bench.port", 18080);
    String yaml =
        """
        providers:
          foundry-bench:
            type: foundry
            endpoint: http://127.0.0.1:%d
            api: openai-v1
            auth: { type: api-key, key: bench-key }
        models:
          chat:
            provider: foundry-bench
            model: gpt-4o-mini
        pricing: { unknown: flag }
        """
            .formatted(port);
    SwitchboardConfig config = SwitchboardConfig.parse(yaml, "bench");
    client = ModelClient.builder(config).build();
    provider =
        new FoundryProviderFactory()
            .create("foundry-direct", config.providers().get("foundry-bench"));
    request =
        ChatRequest.builder()
            .system("You are a concise clinical assistant.")
            .user("Summarize: patient stable, afebrile, discharge tomorrow.")
            .maxOutputTokens(200)
            .temperature(0.2)
            .build();
    raw = new OkHttpClient.Builder().build();
    mapper = new ObjectMapper();
    rawUrl = "http://127.0.0.1:" + port + "/openai/v1/chat/completions";
    rawBody =
        Map.of(
            "model",
            "gpt-4o-mini",
            "max_completion_tokens",
            200,
            "temperature",
            0.2,
            "messages",
            List.of(
                Map.of("role", "system", "content", "You are a concise clinical assistant."),
                Map.of(
                    "role",
                    "user",
                    "content",
                    "Summarize: patient stable, afebrile, discharge tomorrow.")));
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    client.close();
    provider.close();
    raw.dispatcher().executorService().shutdown();
    raw.connectionPool().evictAll();
  }

  @Benchmark
  public String client() {
    return client.chat(request).text();
  }

  /** The adapter alone, without the pipeline: separates adapter cost from pipeline cost. */
  @Benchmark
  public String providerOnly() {
    return provider.chat(request, AttemptContext.forModel("gpt-4o-mini")).text();
  }

  @Benchmark
  public String rawOkHttpJackson() throws IOException {
    return rawCall(false);
  }

  /**
   * The raw call with a per-call deadline (OkHttp call timeout), as the client sets one: shows what
   * the deadline costs.
   */
  @Benchmark
  public String rawWithCallTimeout() throws IOException {
    return rawCall(true);
  }

  private String rawCall(boolean deadline) throws IOException {
    Request r =
        new Request.Builder()
            .url(rawUrl)
            .header("api-key", "bench-key")
            .post(RequestBody.create(mapper.writeValueAsBytes(rawBody), JSON))
            .build();
    okhttp3.Call call = raw.newCall(r);
    if (deadline) call.timeout().timeout(120, TimeUnit.SECONDS);
    try (Response response = call.execute()) {
      JsonNode root = mapper.readTree(response.body().byteStream());
      return root.path("choices").path(0).path("message").path("content").asText();
    }
  }
}
