package dev.switchboard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.chat.Tool;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.Position;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.testing.ScriptedProvider;
import dev.switchboard.testing.ScriptedReply;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ModelClientTest {
  private final ScriptedProvider primary = new ScriptedProvider("primary");
  private final List<String> trace = Collections.synchronizedList(new ArrayList<>());
  private ModelClient client;

  @AfterEach
  void close() {
    if (client != null) client.close();
  }

  private ModelClientBuilder base() {
    return ModelClient.builder().provider(primary).route("triage", Route.of("primary", "model-a"));
  }

  private CallInterceptor tracing(String name) {
    return new CallInterceptor() {
      @Override
      public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
        trace.add(
            name
                + ":"
                + chain.call().target().map(Target::label).orElse("-")
                + ":"
                + chain.call().attempt());
        return chain.proceed(chain.call());
      }

      @Override
      public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
        trace.add(name + ":embed");
        return chain.proceed(chain.call());
      }
    };
  }

  @Test
  void chatResolvesTheLogicalModelAndStampsTheServingTarget() {
    client = base().build();
    ChatResponse r = client.chat(ChatRequest.builder().model("triage").user("hello").build());
    assertThat(r.text()).isEqualTo("answer from primary");
    assertThat(r.provider()).isEqualTo("primary");
    assertThat(r.model()).isEqualTo("model-a");
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.requestId()).hasValue("req-1");
    assertThat(r.latency()).isPositive();
    assertThat(primary.contexts().get(0).model()).isEqualTo("model-a");
  }

  @Test
  void aRequestWithoutModelGoesToTheDefaultModel() {
    client =
        base().route("summary", Route.of("primary", "model-b")).defaultModel("summary").build();
    client.chat("hello");
    assertThat(primary.contexts().get(0).model()).isEqualTo("model-b");
  }

  @Test
  void anEmbeddingWithoutModelGoesToTheDefaultEmbeddingModelAndChatToTheDefaultModel() {
    client =
        base()
            .route("vectors", Route.of("primary", "embed-3"))
            .defaultModel("triage")
            .defaultEmbeddingModel("vectors")
            .build();
    assertThat(client.defaultEmbeddingModel()).hasValue("vectors");
    assertThat(client.embed(EmbeddingRequest.builder().input("x").build()).model())
        .isEqualTo("embed-3");
    client.chat("hello");
    assertThat(primary.contexts().get(1).model()).isEqualTo("model-a");
  }

  @Test
  void anEmbeddingWithoutModelAndNoEmbeddingDefaultGoesToTheDefaultModel() {
    client = base().route("vectors", Route.of("primary", "embed-3")).defaultModel("triage").build();
    assertThat(client.defaultEmbeddingModel()).hasValue("triage");
    assertThat(client.embed(EmbeddingRequest.builder().input("x").build()).model())
        .isEqualTo("model-a");
  }

  @Test
  void theConfigsDefaultEmbeddingModelServesEmbeddingsThatNameNoModel() {
    client =
        ModelClient.fromYaml(
            """
            providers:
              chat-box: { type: recording, endpoint: "http://127.0.0.1:9" }
              vector-box: { type: recording, endpoint: "http://127.0.0.1:9" }
            models:
              assistant: { provider: chat-box, model: chat-1 }
              vectors: { provider: vector-box, model: embed-1 }
            default-model: assistant
            default-embedding-model: vectors
            """);
    EmbeddingResponse r = client.embed(EmbeddingRequest.builder().input("x").build());
    assertThat(r.provider()).isEqualTo("vector-box");
    assertThat(r.model()).isEqualTo("embed-1");
    assertThat(client.chat("hello").provider()).isEqualTo("chat-box");
  }

  @Test
  void aDefaultEmbeddingModelThatIsNoRouteIsRefusedAtBuild() {
    assertThatThrownBy(() -> base().defaultEmbeddingModel("nope").build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("defaultEmbeddingModel 'nope' is not a configured logical model");
  }

  @Test
  void anUnknownLogicalModelIsRefusedNamingTheField() {
    client = base().build();
    assertThatThrownBy(() -> client.chat(ChatRequest.builder().model("nope").user("x").build()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("ChatRequest.model: unknown logical model 'nope'; configured: triage");
  }

  @Test
  void interceptorsRunPerCallBeforeRoutingAndPerAttemptAfterIt() {
    client =
        base()
            .addInterceptor(Position.PER_ATTEMPT, tracing("attempt"))
            .addInterceptor(Position.PER_CALL, tracing("call1"))
            .addInterceptor(Position.PER_CALL, tracing("call2"))
            .build();
    client.chat("hello");
    assertThat(trace).containsExactly("call1:-:0", "call2:-:0", "attempt:primary/model-a:1");
    trace.clear();
    client.stream(ChatRequest.builder().user("hi").build()).response();
    assertThat(trace).containsExactly("call1:-:0", "call2:-:0", "attempt:primary/model-a:1");
    trace.clear();
    client.embed(EmbeddingRequest.builder().input("x").build());
    assertThat(trace).containsExactly("call1:embed", "call2:embed", "attempt:embed");
  }

  @Test
  void streamAssemblesTheAnswerAndStampsIt() {
    client = base().build();
    List<String> deltas = new ArrayList<>();
    try (ChatStream s = client.stream(ChatRequest.builder().user("hi").build())) {
      for (ChatEvent e : s) if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
      ChatResponse r = s.response();
      assertThat(r.text()).isEqualTo("answer from primary").isEqualTo(String.join("", deltas));
      assertThat(r.usage().outputTokens()).isEqualTo(3);
      assertThat(r.provider()).isEqualTo("primary");
    }
  }

  @Test
  void listenersSeeStartAttemptsAndEndAndCannotBreakTheCall() {
    List<String> events = Collections.synchronizedList(new ArrayList<>());
    RetryPolicy noWait =
        RetryPolicy.ofDefaults().withInitialBackoff(Duration.ZERO).withMaxBackoff(Duration.ZERO);
    client =
        base()
            .resilience(ResiliencePolicy.ofDefaults().withRetry(noWait))
            .addListener(
                new CallListener() {
                  @Override
                  public void callStarted(CallStarted e) {
                    events.add("started " + e.logicalModel());
                    throw new IllegalStateException("listener bug");
                  }

                  @Override
                  public void attemptStarted(AttemptStarted e) {
                    events.add("attempt " + e.attempt() + " " + e.target().label());
                  }

                  @Override
                  public void attemptEnded(AttemptEnded e) {
                    events.add("attemptEnded " + e.succeeded());
                  }

                  @Override
                  public void callSucceeded(CallSucceeded e) {
                    events.add("succeeded " + e.servedBy().label() + " " + e.attempts());
                  }

                  @Override
                  public void callFailed(CallFailed e) {
                    events.add("failed " + e.failure().getClass().getSimpleName());
                  }
                })
            .build();
    assertThat(client.chat("hello").text()).isNotEmpty();
    primary.always(
        ScriptedReply.fail(
            where ->
                new ServiceUnavailableException(
                    "down", ErrorContext.of("primary", "model-a").withStatus(503))));
    assertThatThrownBy(() -> client.chat("hello")).isInstanceOf(ServiceUnavailableException.class);
    assertThat(events)
        .containsExactly(
            "started triage",
            "attempt 1 primary/model-a",
            "attemptEnded true",
            "succeeded primary/model-a 1",
            "started triage",
            "attempt 1 primary/model-a",
            "attemptEnded false",
            "attempt 2 primary/model-a",
            "attemptEnded false",
            "attempt 3 primary/model-a",
            "attemptEnded false",
            "failed ServiceUnavailableException");
  }

  @Test
  void aRequestNoTargetCanServeIsRefusedBeforeSending() {
    ScriptedProvider textOnly =
        new ScriptedProvider("local").capabilities(ProviderCapabilities.textOnly());
    client =
        ModelClient.builder()
            .provider(textOnly)
            .route("triage", Route.of("local", "llama"))
            .build();
    ChatRequest withTools =
        ChatRequest.builder().user("x").addTool(Tool.of("lookup", "", Tool.NO_PARAMETERS)).build();
    assertThatThrownBy(() -> client.chat(withTools))
        .isInstanceOf(UnsupportedCapabilityException.class)
        .hasMessageContaining("local/llama lacks tools");
    assertThat(textOnly.chats()).isEmpty();
  }

  @Test
  void aTargetWithoutTheCapabilityIsSkippedForOneThatHasIt() {
    ScriptedProvider textOnly =
        new ScriptedProvider("local").capabilities(ProviderCapabilities.textOnly());
    client =
        ModelClient.builder()
            .provider(textOnly)
            .provider(primary)
            .route(
                "triage",
                Route.failover(Target.of("local", "llama"), Target.of("primary", "model-a")))
            .build();
    ChatResponse r =
        client.chat(
            ChatRequest.builder()
                .user("x")
                .addTool(Tool.of("lookup", "", Tool.NO_PARAMETERS))
                .build());
    assertThat(r.provider()).isEqualTo("primary");
    assertThat(textOnly.chats()).isEmpty();
  }

  @Test
  void adapterBugsSurfaceAsSwitchboardExceptions() {
    client = base().build();
    primary.always(ScriptedReply.fail(new NullPointerException("bug")));
    assertThatThrownBy(() -> client.chat("hello"))
        .isExactlyInstanceOf(SwitchboardException.class)
        .hasMessageContaining(
            "the provider adapter failed unexpectedly (java.lang.NullPointerException)")
        .hasMessageContaining("provider=primary");
  }

  @Test
  void asyncCallsCompleteOnTheExecutor() throws Exception {
    client = base().build();
    ChatResponse r =
        client.chatAsync(ChatRequest.builder().user("x").build()).get(30, TimeUnit.SECONDS);
    assertThat(r.text()).isEqualTo("answer from primary");
    EmbeddingResponse e =
        client
            .embedAsync(EmbeddingRequest.builder().input("a").input("b").build())
            .get(30, TimeUnit.SECONDS);
    assertThat(e.embeddings()).hasSize(2);
    assertThat(e.provider()).isEqualTo("primary");
  }

  @Test
  void asyncFailuresCompleteTheFutureExceptionally() {
    client = base().build();
    primary.always(
        ScriptedReply.fail(
            where ->
                new ServiceUnavailableException("down", ErrorContext.of("primary", "model-a"))));
    assertThatThrownBy(() -> client.chatAsync(ChatRequest.builder().user("x").build()).join())
        .hasCauseInstanceOf(ServiceUnavailableException.class);
  }

  @Test
  void cancellingAnAsyncCallInterruptsIt() throws Exception {
    java.util.concurrent.CountDownLatch entered = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean interrupted =
        new java.util.concurrent.atomic.AtomicBoolean();
    primary.always(
        ScriptedReply.fail(
            where -> {
              entered.countDown();
              try {
                Thread.sleep(10_000);
              } catch (InterruptedException e) {
                interrupted.set(true);
              }
              return new ServiceUnavailableException("stopped", ErrorContext.NONE);
            }));
    client = base().build();
    var future = client.chatAsync(ChatRequest.builder().user("x").build());
    assertThat(entered.await(30, TimeUnit.SECONDS)).isTrue();
    assertThat(future.cancel(true)).isTrue();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!interrupted.get() && System.nanoTime() < deadline) Thread.sleep(5);
    assertThat(interrupted).isTrue();
    assertThat(future).isCancelled();
  }

  @Test
  void closeClosesProvidersAndRefusesNewCalls() {
    client = base().build();
    client.close();
    assertThat(primary.isClosed()).isTrue();
    assertThatThrownBy(() -> client.chat("x")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void buildRefusesRoutesToUnknownProviders() {
    assertThatThrownBy(
            () ->
                ModelClient.builder().provider(primary).route("x", Route.of("ghost", "m")).build())
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("unknown provider 'ghost'");
  }
}
