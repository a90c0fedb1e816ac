package dev.switchboard.local.real;

import dev.switchboard.ModelClient;
import dev.switchboard.ModelClientBuilder;
import dev.switchboard.Route;
import dev.switchboard.Timeouts;
import dev.switchboard.local.LocalServer;
import dev.switchboard.local.OpenAiCompatibleConfig;
import dev.switchboard.local.internal.openai.OpenAiCompatibleProvider;
import dev.switchboard.pipeline.CallListener;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/** Clients and providers of the SDK pointed at a real {@code llama-server}. */
final class RealClients {
  /** The name the servers serve the tiny model under ({@code --alias}). */
  static final String MODEL = "tiny-qwen2";

  /** The logical model the clients route. */
  static final String ROUTE = "m";

  /**
   * Timeouts for a loaded machine: reading may take long (the servers run one thread each), and the
   * tests that need a short read timeout set their own.
   */
  static final Timeouts PATIENT =
      new Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(120), Duration.ofSeconds(300));

  private RealClients() {}

  static OpenAiCompatibleConfig.Builder config(LlamaServer server) {
    return OpenAiCompatibleConfig.builder()
        .server(LocalServer.LLAMA_CPP)
        .baseUrl(server.baseUrl())
        .discoveryTimeout(Duration.ofSeconds(30));
  }

  /** The adapter itself, for discovery calls. */
  static OpenAiCompatibleProvider provider(
      LlamaServer server, UnaryOperator<OpenAiCompatibleConfig.Builder> tweak) {
    return OpenAiCompatibleProvider.create("llama", tweak.apply(config(server)).build());
  }

  /** A client with the default resilience (so that a retry would show), routing {@link #ROUTE}. */
  static ModelClientBuilder builder(
      LlamaServer server, UnaryOperator<OpenAiCompatibleConfig.Builder> tweak) {
    return ModelClient.builder()
        .provider("llama", tweak.apply(config(server)).build())
        .route(ROUTE, Route.of("llama", MODEL))
        .timeouts(PATIENT);
  }

  static ModelClient client(LlamaServer server) {
    return builder(server, b -> b).build();
  }

  /** Counts attempts and keeps a call's failure. */
  static final class Recorder implements CallListener {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final CountDownLatch ended = new CountDownLatch(1);

    @Override
    public void attemptStarted(AttemptStarted event) {
      attempts.incrementAndGet();
    }

    @Override
    public void callFailed(CallFailed event) {
      failure.set(event.failure());
      ended.countDown();
    }

    @Override
    public void callSucceeded(CallSucceeded event) {
      ended.countDown();
    }

    /** Waits for the call's end. */
    boolean awaitEnd() throws InterruptedException {
      return ended.await(LlamaServer.PATIENCE.toSeconds(), TimeUnit.SECONDS);
    }
  }
}
