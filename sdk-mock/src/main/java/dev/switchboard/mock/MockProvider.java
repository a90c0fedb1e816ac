package dev.switchboard.mock;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ResponseFormat;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.ToolChoice;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.mock.internal.MockText;
import dev.switchboard.mock.internal.MockVectors;
import dev.switchboard.mock.internal.SchemaSample;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A provider that answers from a script, for tests and demos. Thread-safe. It records every request
 * it receives ({@link #requests()}), exactly as it would have left the process.
 *
 * <pre>{@code
 * MockProvider mock = MockProvider.builder()
 *     .when("(?i)allerg", MockReply.toolCalls(new ToolCall("call_1", "lookup_allergies", "{}")))
 *     .sequence(MockReply.fault(MockFault.unavailable()), MockReply.text("Patient stable."))
 *     .build();
 * }</pre>
 *
 * <p>Without a script it gives a deterministic reply that describes the request without repeating
 * it; with tools required it calls the tool, and with a JSON format it answers JSON.
 *
 * @since 0.1
 */
public final class MockProvider implements ModelProvider {
  private final String id;
  private final MockScript script;
  private final Duration latency;
  private final int wordsPerChunk;
  private final Duration chunkDelay;
  private final int embeddingDimensions;
  private final ProviderCapabilities capabilities;
  // A queue, not a copy-on-write list: recording must stay O(1) however many calls a demo makes.
  private final java.util.Queue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();
  private final AtomicLong requestCounter = new AtomicLong();
  private final AtomicInteger openStreams = new AtomicInteger();
  private final java.util.Queue<MockReply> queued =
      new java.util.concurrent.ConcurrentLinkedQueue<>();

  private MockProvider(Builder b) {
    this.id = b.id;
    this.script = new MockScript(b.rules);
    this.latency = b.latency;
    this.wordsPerChunk = b.wordsPerChunk;
    this.chunkDelay = b.chunkDelay;
    this.embeddingDimensions = b.embeddingDimensions;
    this.capabilities = b.capabilities;
  }

  /** A builder for a mock with id {@code mock}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A mock from a parsed {@code type: mock} config section. */
  public static MockProvider fromConfig(String id, MockConfig config) {
    Builder b =
        builder()
            .id(id)
            .latency(config.latency())
            .chunkSize(config.wordsPerChunk())
            .chunkDelay(config.chunkDelay())
            .embeddingDimensions(config.embeddingDimensions())
            .capabilities(config.capabilities());
    b.rules.addAll(config.script().rules());
    return b.build();
  }

  @Override
  public String id() {
    return id;
  }

  @Override
  public ProviderCapabilities capabilities(String model) {
    return capabilities;
  }

  @Override
  public ChatResponse chat(ChatRequest request, AttemptContext context) {
    record(RecordedRequest.Kind.CHAT, request, context);
    MockReply reply = replyFor(request);
    ErrorContext where = where(context);
    MockFaults.awaitLatency(reply.latency().orElse(latency), context, where);
    reply.fault().ifPresent(f -> MockFaults.raise(f, context, where));
    List<ToolCall> calls = reply.toolCalls();
    return ChatResponse.builder()
        .text(reply.text())
        .toolCalls(calls)
        .finishReason(reply.finishReason(), reply.finishReason().name().toLowerCase(Locale.ROOT))
        .usage(reply.usage().orElseGet(() -> MockText.usage(request, reply.text(), calls)))
        .provider(id)
        .model(context.model())
        .requestId(where.requestId())
        .responseId("mockcmpl-" + where.requestId())
        .build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    record(RecordedRequest.Kind.STREAM, request, context);
    MockReply reply = replyFor(request);
    ErrorContext where = where(context);
    MockFaults.awaitLatency(reply.latency().orElse(latency), context, where);
    MockFault fault = reply.fault().orElse(null);
    if (fault != null && fault.kind() != MockFault.Kind.DISCONNECT)
      MockFaults.raise(fault, context, where);
    List<ChatEvent> events = new ArrayList<>();
    for (String chunk : MockText.chunks(reply.text(), wordsPerChunk))
      events.add(new ChatEvent.TextDelta(chunk));
    for (int i = 0; i < reply.toolCalls().size(); i++)
      addToolCallDeltas(events, i, reply.toolCalls().get(i));
    Usage usage =
        reply.usage().orElseGet(() -> MockText.usage(request, reply.text(), reply.toolCalls()));
    events.add(new ChatEvent.UsageUpdate(usage));
    events.add(
        new ChatEvent.Completed(
            ChatResponse.builder()
                .finishReason(
                    reply.finishReason(), reply.finishReason().name().toLowerCase(Locale.ROOT))
                .usage(usage)
                .provider(id)
                .model(context.model())
                .requestId(where.requestId())
                .responseId("mockcmpl-" + where.requestId())
                .build()));
    openStreams.incrementAndGet();
    return new MockStream(events, fault, chunkDelay, context, where, openStreams);
  }

  private static void addToolCallDeltas(List<ChatEvent> events, int index, ToolCall call) {
    // Real providers send the arguments in fragments; split them to exercise the assembly.
    String args = call.arguments();
    int half = args.length() / 2;
    events.add(new ChatEvent.ToolCallDelta(index, call.id(), call.name(), args.substring(0, half)));
    events.add(new ChatEvent.ToolCallDelta(index, null, null, args.substring(half)));
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    record(RecordedRequest.Kind.EMBED, request, context);
    ErrorContext where = where(context);
    MockReply reply = queued.poll();
    if (reply == null) reply = script.next(String.join("\n", request.inputs()));
    MockFaults.awaitLatency(
        reply == null ? latency : reply.latency().orElse(latency), context, where);
    if (reply != null) reply.fault().ifPresent(f -> MockFaults.raise(f, context, where));
    int dims = request.dimensions().orElse(embeddingDimensions);
    List<float[]> scripted = reply == null ? null : reply.vectors().orElse(null);
    EmbeddingResponse.Builder b = EmbeddingResponse.builder();
    long tokens = 0;
    for (int i = 0; i < request.inputs().size(); i++) {
      String input = request.inputs().get(i);
      float[] v =
          scripted != null && i < scripted.size()
              ? scripted.get(i)
              : MockVectors.embed(input, dims);
      b.addEmbedding(new Embedding(i, v));
      tokens += MockText.tokens(input);
    }
    Usage usage = reply == null ? null : reply.usage().orElse(null);
    return b.usage(usage != null ? usage : Usage.of(tokens, 0))
        .provider(id)
        .model(context.model())
        .requestId(where.requestId())
        .build();
  }

  /**
   * Queues one-shot replies that the next calls take, in order, before the script is consulted.
   * Handy for "the next call fails" in a test.
   */
  public void enqueue(MockReply... replies) {
    for (MockReply r : replies) queued.add(Checks.notNull(r, "reply"));
  }

  private MockReply replyFor(ChatRequest request) {
    MockReply next = queued.poll();
    if (next != null) return next;
    MockReply scripted = script.next(MockText.lastUserText(request));
    return scripted != null ? scripted : defaultReply(request);
  }

  private static MockReply defaultReply(ChatRequest request) {
    ToolChoice choice = request.toolChoice().orElse(null);
    if (choice != null
        && !request.tools().isEmpty()
        && (choice.mode() == ToolChoice.Mode.REQUIRED || choice.mode() == ToolChoice.Mode.TOOL)) {
      Tool tool =
          choice.mode() == ToolChoice.Mode.TOOL
              ? request.tools().stream()
                  .filter(t -> t.name().equals(choice.toolName()))
                  .findFirst()
                  .orElseThrow()
              : request.tools().get(0);
      return MockReply.toolCalls(
          new ToolCall("call_mock_1", tool.name(), SchemaSample.sample(tool.parametersSchema())));
    }
    ResponseFormat format = request.responseFormat();
    if (format.kind() == ResponseFormat.Kind.JSON_SCHEMA)
      return MockReply.text(SchemaSample.sample(format.schema()));
    if (format.kind() == ResponseFormat.Kind.JSON_OBJECT) {
      return MockReply.text("{\"answer\":\"" + MockText.defaultReply(request) + "\"}");
    }
    return MockReply.text(MockText.defaultReply(request));
  }

  private void record(RecordedRequest.Kind kind, ModelRequest request, AttemptContext context) {
    requests.add(
        new RecordedRequest(
            kind, request, context.model(), context.attempt(), context.callId(), Instant.now()));
  }

  private ErrorContext where(AttemptContext context) {
    return ErrorContext.of(id, context.model())
        .withRequestId("mock-req-" + requestCounter.incrementAndGet());
  }

  /** Every request received, oldest first, including those answered with a fault. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  /** The chat and stream requests received, oldest first. */
  public List<ChatRequest> chatRequests() {
    List<ChatRequest> out = new ArrayList<>();
    for (RecordedRequest r : requests)
      if (r.kind() != RecordedRequest.Kind.EMBED) out.add(r.chat());
    return out;
  }

  /**
   * The last chat request received.
   *
   * @throws IllegalStateException if none was received
   */
  public ChatRequest lastChatRequest() {
    List<ChatRequest> chats = chatRequests();
    if (chats.isEmpty()) throw new IllegalStateException("the mock received no chat request");
    return chats.get(chats.size() - 1);
  }

  /** Forgets the recorded requests. */
  public void clearRequests() {
    requests.clear();
  }

  /** Streams opened and not yet completed or closed: the mock's equivalent of busy connections. */
  public int openStreams() {
    return openStreams.get();
  }

  @Override
  public void close() {
    // nothing to release
  }

  @Override
  public String toString() {
    return "MockProvider["
        + id
        + ", rules="
        + script.rules().size()
        + ", received="
        + requests.size()
        + "]";
  }

  /** Builds a {@link MockProvider}. Not thread-safe. */
  public static final class Builder {
    private String id = "mock";
    private final List<MockScript.Rule> rules = new ArrayList<>();
    private Duration latency = Duration.ZERO;
    private int wordsPerChunk = 1;
    private Duration chunkDelay = Duration.ZERO;
    private int embeddingDimensions = 256;
    private ProviderCapabilities capabilities = ProviderCapabilities.all();

    private Builder() {}

    /** The provider id the mock reports (default {@code mock}). */
    public Builder id(String id) {
      this.id = Checks.notBlank(id, "id");
      return this;
    }

    /** Answers every otherwise unmatched message with this text. */
    public Builder reply(String text) {
      return reply(MockReply.text(text));
    }

    /** Answers every otherwise unmatched message with this reply. */
    public Builder reply(MockReply reply) {
      return sequence(reply);
    }

    /** Answers otherwise unmatched messages with these replies in turn; the last repeats. */
    public Builder sequence(MockReply... replies) {
      rules.add(new MockScript.Rule(null, List.of(replies)));
      return this;
    }

    /** Answers messages whose last user turn matches the regex with these replies in turn. */
    public Builder when(String regex, MockReply... replies) {
      rules.add(new MockScript.Rule(Pattern.compile(regex), List.of(replies)));
      return this;
    }

    /** Answers messages whose last user turn matches the regex with this text. */
    public Builder when(String regex, String text) {
      return when(regex, MockReply.text(text));
    }

    /** Waits this long before each answer (a reply's own latency wins). */
    public Builder latency(Duration latency) {
      this.latency = Checks.notNull(latency, "latency");
      return this;
    }

    /** Words per streamed chunk (default 1). */
    public Builder chunkSize(int words) {
      Checks.check(words >= 1, "chunkSize", "must be at least 1");
      this.wordsPerChunk = words;
      return this;
    }

    /** Pause between streamed chunks (default none). */
    public Builder chunkDelay(Duration delay) {
      this.chunkDelay = Checks.notNull(delay, "chunkDelay");
      return this;
    }

    /** Vector size when the request asks for none (default 256). */
    public Builder embeddingDimensions(int dimensions) {
      Checks.check(dimensions >= 1, "embeddingDimensions", "must be at least 1");
      this.embeddingDimensions = dimensions;
      return this;
    }

    /** What the mock claims to support (default everything). */
    public Builder capabilities(ProviderCapabilities capabilities) {
      this.capabilities = Checks.notNull(capabilities, "capabilities");
      return this;
    }

    public MockProvider build() {
      return new MockProvider(this);
    }
  }
}
