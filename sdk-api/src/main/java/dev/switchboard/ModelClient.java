package dev.switchboard;

import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.internal.InterruptibleFuture;
import dev.switchboard.internal.StructuredOutputs;
import dev.switchboard.internal.assembly.ClientAssembly;
import dev.switchboard.internal.pipeline.Pipeline;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.pipeline.StructuredAttempts;
import dev.switchboard.internal.routing.RouteResolver;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Operation;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ModelDiscovery;
import dev.switchboard.spi.ServerStatus;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The one entry point: chat, stream and embed against logical models, through the pipeline of
 * routing and resilience and of the features the client was given (compliance, audit, budgets, cost
 * metering). Immutable and thread-safe: create one per application and share it.
 *
 * <pre>{@code
 * try (ModelClient client = ModelClient.fromConfig(Path.of("switchboard.yaml"))) {
 *   ChatResponse answer = client.chat(ChatRequest.builder()
 *       .model("discharge-summary")
 *       .system("Summarize for the receiving clinician.")
 *       .user(noteText)
 *       .build());
 *   System.out.println(answer.text() + " " + answer.usage());
 * }
 * }</pre>
 *
 * <p>Switching the vendor behind a logical model is a config edit; code that calls {@code
 * chat(...)} does not change.
 *
 * @since 0.1
 */
public final class ModelClient implements AutoCloseable {
  private final ProviderRegistry providers;
  private final Map<String, Route> routes;
  private final String defaultModel;
  private final String defaultEmbeddingModel;
  private final RouteResolver resolver;
  private final Timeouts timeouts;
  private final CallListener listener;
  private final Pipeline pipeline;
  private final SwitchboardClock clock;
  private final Executor executor;
  private final ExecutorService ownedExecutor;
  private final List<AutoCloseable> owned;
  private volatile boolean closed;

  ModelClient(ClientAssembly.Parts parts) {
    this.providers = parts.providers();
    this.routes = parts.routes();
    this.defaultModel = parts.defaultModel();
    this.defaultEmbeddingModel = parts.defaultEmbeddingModel();
    this.resolver = new RouteResolver(routes, defaultModel, defaultEmbeddingModel);
    this.timeouts = parts.timeouts();
    this.listener = parts.listener();
    this.pipeline = parts.pipeline();
    this.clock = parts.clock();
    this.owned = parts.owned();
    if (parts.executor() != null) {
      this.executor = parts.executor();
      this.ownedExecutor = null;
    } else {
      this.ownedExecutor = Executors.newCachedThreadPool(daemonThreads());
      this.executor = ownedExecutor;
    }
  }

  /** A builder for a client configured in code. */
  public static ModelClientBuilder builder() {
    return new ModelClientBuilder();
  }

  /**
   * A builder holding a loaded configuration, to which interceptors, listeners or an executor can
   * be added.
   */
  public static ModelClientBuilder builder(SwitchboardConfig config) {
    return new ModelClientBuilder().config(config);
  }

  /**
   * Loads the YAML config file and builds a client from it.
   *
   * @throws dev.switchboard.error.ConfigException listing every problem in the file
   */
  public static ModelClient fromConfig(Path file) {
    return builder(SwitchboardConfig.load(file)).build();
  }

  /**
   * Builds a client from YAML text, as {@link #fromConfig(Path)} does from a file; for tests and
   * for configs held elsewhere than in a file. Relative file names in it (a policy, an audit file)
   * resolve against the working directory.
   *
   * <pre>{@code
   * ModelClient client = ModelClient.fromYaml("""
   *     providers: { mock: { type: mock } }
   *     models: { assistant: { provider: mock, model: mock-chat-1 } }
   *     """);
   * }</pre>
   *
   * @throws dev.switchboard.error.ConfigException listing every problem in the text
   * @since 0.2
   */
  public static ModelClient fromYaml(String yaml) {
    return builder(SwitchboardConfig.parse(Checks.notNull(yaml, "yaml"), "YAML text")).build();
  }

  /**
   * Sends a chat request and waits for the whole answer.
   *
   * @throws IllegalArgumentException if the request names an unknown logical model
   * @throws dev.switchboard.error.SwitchboardException if the call fails
   */
  public ChatResponse chat(ChatRequest request) {
    return pipeline.chat(newCall(Operation.CHAT, request));
  }

  /** Sends one user message to the default model. */
  public ChatResponse chat(String userText) {
    return chat(ChatRequest.builder().user(userText).build());
  }

  /**
   * Sends a chat request on the client's executor. The future completes with the answer or with the
   * {@link dev.switchboard.error.SwitchboardException}; {@code cancel(true)} interrupts the call in
   * flight.
   */
  public CompletableFuture<ChatResponse> chatAsync(ChatRequest request) {
    Call call = newCall(Operation.CHAT, request);
    return async(() -> pipeline.chat(call));
  }

  /**
   * Asks for an answer of the given type and returns it as a Java object. The JSON schema is
   * generated from the type (records, enums, lists, nested types, Jackson's {@code @JsonProperty}
   * and {@code @JsonPropertyDescription}; an {@code Optional} component is optional, every other
   * one required), sent in each target's schema mode (a strict JSON schema, Ollama's {@code
   * format}, a forced tool for Claude, or JSON mode with the schema in the prompt), and the answer
   * is validated and bound with Jackson. A target without a schema mode gets one repair attempt
   * when its answer fails validation. Needs the {@code dev.switchboard:switchboard-structured}
   * module.
   *
   * <pre>{@code
   * record Triage(String summary, Urgency urgency, List<String> redFlags) {}
   * Triage t = client.chat(ChatRequest.builder().user(note).build(), Triage.class);
   * }</pre>
   *
   * <p>The request's own response format is replaced by the type's schema. Not offered for streams:
   * a half-received object is not a value of the type, and validation needs all of it.
   *
   * @throws dev.switchboard.error.StructuredOutputException if the final answer does not match the
   *     schema (with the validation problems, never the answer text)
   * @throws dev.switchboard.error.SwitchboardException if a call fails
   * @throws IllegalArgumentException if the type does not map to a JSON object
   * @throws IllegalStateException if switchboard-structured is not on the class path
   * @since 0.3
   */
  public <T> T chat(ChatRequest request, Class<T> type) {
    Checks.notNull(request, "request");
    Checks.notNull(type, "type");
    return StructuredOutputs.require().chat(request, type, this::structuredCall);
  }

  /**
   * {@link #chat(ChatRequest, Class)} on the client's executor: the future completes with the bound
   * answer or with the exception.
   *
   * @since 0.3
   */
  public <T> CompletableFuture<T> chatAsync(ChatRequest request, Class<T> type) {
    Checks.notNull(request, "request");
    Checks.notNull(type, "type");
    if (closed) throw new IllegalStateException("this ModelClient is closed");
    return async(() -> chat(request, type));
  }

  /** One call of a typed answer: its attempts are shaped for each target's schema mode. */
  private ChatResponse structuredCall(ChatRequest request) {
    Call call = newCall(Operation.CHAT, request);
    call.attributes().put(StructuredAttempts.STRUCTURED, Boolean.TRUE);
    return pipeline.chat(call);
  }

  /**
   * Streams a chat answer. Iterate the stream's events, then read its response; close it to free
   * the connection.
   *
   * @throws dev.switchboard.error.SwitchboardException if the call fails before the first event
   */
  public ChatStream stream(ChatRequest request) {
    return pipeline.stream(newCall(Operation.STREAM, request));
  }

  /**
   * Embeds a batch of texts.
   *
   * @throws dev.switchboard.error.SwitchboardException if the call fails
   */
  public EmbeddingResponse embed(EmbeddingRequest request) {
    return pipeline.embed(newCall(Operation.EMBED, request));
  }

  /** Embeds a batch of texts on the client's executor. */
  public CompletableFuture<EmbeddingResponse> embedAsync(EmbeddingRequest request) {
    Call call = newCall(Operation.EMBED, request);
    return async(() -> pipeline.embed(call));
  }

  /**
   * The ids of the client's providers, in the order they were added.
   *
   * @since 0.3
   */
  public Set<String> providers() {
    return providers.ids();
  }

  /**
   * Asks a provider's server whether it is up, with the provider's own short discovery timeout
   * (network I/O, never on the path of a model call): for health checks. Empty for a provider that
   * cannot tell, such as a cloud adapter without a discovery endpoint.
   *
   * @throws IllegalArgumentException if the client has no provider with this id
   * @since 0.3
   */
  public Optional<ServerStatus> providerStatus(String providerId) {
    Checks.notNull(providerId, "providerId");
    if (!providers.contains(providerId))
      throw new IllegalArgumentException("no provider with id '" + providerId + "'");
    return providers.require(providerId) instanceof ModelDiscovery d
        ? Optional.of(d.status())
        : Optional.empty();
  }

  /** The logical model names this client serves, in config order. */
  public Set<String> models() {
    return routes.keySet();
  }

  /** The route of a logical model. */
  public Optional<Route> route(String logicalModel) {
    return Optional.ofNullable(routes.get(logicalModel));
  }

  /**
   * The client's clock, behind its deadlines, backoff and time stamps: code that runs calls in a
   * loop (such as a tool loop) measures its own deadline on it.
   *
   * @since 0.3
   */
  public SwitchboardClock clock() {
    return clock;
  }

  /**
   * The client's timeouts; {@link Timeouts#call()} bounds each call, retries included.
   *
   * @since 0.3
   */
  public Timeouts timeouts() {
    return timeouts;
  }

  /** The model used when a request names none. */
  public Optional<String> defaultModel() {
    return Optional.ofNullable(defaultModel);
  }

  /**
   * The model used when an embedding request names none: the config's {@code
   * default-embedding-model} (or {@link ModelClientBuilder#defaultEmbeddingModel}), else {@link
   * #defaultModel()}.
   *
   * @since 0.3
   */
  public Optional<String> defaultEmbeddingModel() {
    return Optional.ofNullable(defaultEmbeddingModel);
  }

  /**
   * Closes the providers (their connection pools), what the features opened (a ledger, a budget
   * store, an audit trail from the config), and the client's own executor. Idempotent. A ledger,
   * budget store or audit trail given to a feature as an instance is left open: its owner closes
   * it.
   */
  @Override
  public void close() {
    if (closed) return;
    closed = true;
    providers.close();
    ClientAssembly.closeQuietly(owned);
    if (ownedExecutor != null) ownedExecutor.shutdown();
  }

  private Call newCall(Operation operation, ModelRequest request) {
    Checks.notNull(request, "request");
    if (closed) throw new IllegalStateException("this ModelClient is closed");
    return resolver.newCall(operation, request, timeouts, listener);
  }

  private <T> CompletableFuture<T> async(Supplier<T> work) {
    return InterruptibleFuture.supply(work, executor);
  }

  private static ThreadFactory daemonThreads() {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, "switchboard-async-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }
}
