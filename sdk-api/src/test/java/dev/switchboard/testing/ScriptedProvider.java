package dev.switchboard.testing;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.Role;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.TransportException;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The one provider for tests and benchmarks: answers chat, stream and embed calls from a queue of
 * {@link ScriptedReply scripted replies}, then from a default; fails, waits or breaks streams as
 * scripted; claims the capabilities it is given; records every request it receives and counts
 * calls. Thread-safe; recording is an O(1) append.
 *
 * <pre>{@code
 * ScriptedProvider primary = new ScriptedProvider("primary")
 *     .then(ScriptedReply.unavailable(), ScriptedReply.rateLimited(Duration.ofSeconds(2)))
 *     .always(ScriptedReply.text("Stable."));
 * ...
 * assertThat(primary.requests()).extracting(ReceivedRequest::attempt).containsExactly(1, 2, 3);
 * }</pre>
 *
 * <p>Without a script it answers chat with "answer from {id}" and usage 10 in, 3 out, and
 * embeddings with the vector {@code {i, 1}} per input and one input token per input. Streams yield
 * the text word by word (or in {@link #chunkChars} pieces), tool calls as a header fragment then
 * their arguments, a usage update when usage is reported, and a completed event. Request ids count
 * the calls: {@code req-1}, {@code req-2}, ...
 */
public final class ScriptedProvider implements ModelProvider {
  private final String id;
  private final Queue<ScriptedReply> script = new ConcurrentLinkedQueue<>();
  private final Queue<ReceivedRequest> received = new ConcurrentLinkedQueue<>();
  private final AtomicInteger calls = new AtomicInteger();
  private final AtomicInteger openStreams = new AtomicInteger();
  private volatile Function<? super ModelRequest, ScriptedReply> fallback = this::defaultReply;
  private volatile ProviderCapabilities capabilities = ProviderCapabilities.all();
  private volatile ResilienceClock clock = ResilienceClock.system();
  private volatile int chunkChars;
  private volatile String requestIdPrefix = "req-";
  private volatile boolean recording = true;
  private volatile boolean closed;

  public ScriptedProvider(String id) {
    this.id = Objects.requireNonNull(id, "id");
  }

  /** Queues one-shot replies: the next calls take them in order, before the default. */
  public ScriptedProvider then(ScriptedReply... replies) {
    for (ScriptedReply r : replies) script.add(Objects.requireNonNull(r, "reply"));
    return this;
  }

  /** Answers with this reply whenever the queue is empty. */
  public ScriptedProvider always(ScriptedReply reply) {
    Objects.requireNonNull(reply, "reply");
    return always(request -> reply);
  }

  /**
   * Answers with what the function makes of the request whenever the queue is empty; it sees chat,
   * stream and embedding requests alike (use {@link #lastUserText} to answer the prompt).
   */
  public ScriptedProvider always(Function<? super ModelRequest, ScriptedReply> replies) {
    this.fallback = Objects.requireNonNull(replies, "replies");
    return this;
  }

  /** What the provider claims to support, for every model (default everything). */
  public ScriptedProvider capabilities(ProviderCapabilities capabilities) {
    this.capabilities = Objects.requireNonNull(capabilities, "capabilities");
    return this;
  }

  /**
   * The clock scripted latencies and timeouts wait on (default the system's; a {@link TestClock}
   * waits not at all).
   */
  public ScriptedProvider clock(ResilienceClock clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
    return this;
  }

  /**
   * Streams text and tool arguments in pieces of this many characters instead of word by word (0).
   */
  public ScriptedProvider chunkChars(int chars) {
    if (chars < 0) throw new IllegalArgumentException("chars: must not be negative");
    this.chunkChars = chars;
    return this;
  }

  /** Request ids are this prefix and the call's number (default {@code req-}). */
  public ScriptedProvider requestIdPrefix(String prefix) {
    this.requestIdPrefix = Objects.requireNonNull(prefix, "prefix");
    return this;
  }

  /**
   * Whether to record requests (default true); benchmarks that make millions of calls turn it off.
   */
  public ScriptedProvider recordRequests(boolean recording) {
    this.recording = recording;
    return this;
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
    Answer a = receive(ReceivedRequest.Kind.CHAT, request, context);
    ScriptedReply r = a.reply();
    if (r.cutAfterEvents() >= 0) throw ScriptedReply.connectionReset(a.where());
    return ChatResponse.builder()
        .text(r.text())
        .toolCalls(r.toolCalls())
        .usage(r.usage())
        .provider(id)
        .model(context.model())
        .requestId(a.where().requestId())
        .build();
  }

  @Override
  public ChatEventSource stream(ChatRequest request, AttemptContext context) {
    Answer a = receive(ReceivedRequest.Kind.STREAM, request, context);
    ScriptedReply r = a.reply();
    ChatResponse completed =
        ChatResponse.builder()
            .usage(r.usage())
            .provider(id)
            .model(context.model())
            .requestId(a.where().requestId())
            .build();
    List<ChatEvent> events = ScriptedStream.events(r, chunkChars, completed);
    int cut = r.cutAfterEvents() < 0 ? -1 : Math.min(r.cutAfterEvents(), events.size() - 1);
    return new ScriptedStream(
        events, cut, () -> ScriptedReply.connectionReset(a.where()), openStreams);
  }

  @Override
  public EmbeddingResponse embed(EmbeddingRequest request, AttemptContext context) {
    Answer a = receive(ReceivedRequest.Kind.EMBED, request, context);
    ScriptedReply r = a.reply();
    if (r.cutAfterEvents() >= 0) throw ScriptedReply.connectionReset(a.where());
    EmbeddingResponse.Builder b =
        EmbeddingResponse.builder()
            .usage(r.usage())
            .provider(id)
            .model(context.model())
            .requestId(a.where().requestId());
    List<float[]> vectors = r.vectors() == null ? List.of() : r.vectors();
    for (int i = 0; i < request.inputs().size(); i++) {
      b.addEmbedding(new Embedding(i, i < vectors.size() ? vectors.get(i) : new float[] {i, 1}));
    }
    return b.build();
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * Counts and records the request, picks its reply, waits out its latency and throws its failure.
   */
  private Answer receive(ReceivedRequest.Kind kind, ModelRequest request, AttemptContext context) {
    int n = calls.incrementAndGet();
    if (recording) received.add(new ReceivedRequest(kind, request, context));
    ScriptedReply reply = script.poll();
    if (reply == null) reply = fallback.apply(request);
    String requestId = reply.requestId() != null ? reply.requestId() : requestIdPrefix + n;
    ErrorContext where = ErrorContext.of(id, context.model()).withRequestId(requestId);
    await(reply.latency(), context, where);
    if (reply.failure() != null) throw reply.failure().apply(where);
    return new Answer(reply, where);
  }

  /**
   * Waits like a real client would: at most the read timeout and what is left of the deadline, then
   * times out.
   */
  private void await(Duration latency, AttemptContext context, ErrorContext where) {
    if (latency.isZero()) return;
    Duration remaining = Duration.ofNanos(context.deadlineNanos() - clock.nanoTime());
    Duration limit =
        context.readTimeout().compareTo(remaining) <= 0 ? context.readTimeout() : remaining;
    if (latency.compareTo(limit) <= 0) {
      sleep(latency, where);
      return;
    }
    sleep(limit, where);
    throw new CallTimeoutException(
        "no response within the read timeout of " + context.readTimeout().toMillis() + " ms",
        where,
        true,
        null);
  }

  private void sleep(Duration d, ErrorContext where) {
    if (d.isNegative() || d.isZero()) return;
    try {
      clock.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new TransportException("interrupted while waiting for the answer", where, false, e);
    }
  }

  private ScriptedReply defaultReply(ModelRequest request) {
    if (request instanceof EmbeddingRequest e)
      return ScriptedReply.answer("", Usage.of(e.inputs().size(), 0));
    return ScriptedReply.text("answer from " + id);
  }

  /** Every request received, oldest first, including those answered with a failure. */
  public List<ReceivedRequest> requests() {
    return List.copyOf(received);
  }

  /** The chat and stream requests received, oldest first. */
  public List<ChatRequest> chats() {
    List<ChatRequest> out = new ArrayList<>();
    for (ReceivedRequest r : received)
      if (r.kind() != ReceivedRequest.Kind.EMBED) out.add(r.chat());
    return out;
  }

  /** The embedding requests received, oldest first. */
  public List<EmbeddingRequest> embeddings() {
    List<EmbeddingRequest> out = new ArrayList<>();
    for (ReceivedRequest r : received)
      if (r.kind() == ReceivedRequest.Kind.EMBED) out.add(r.embedding());
    return out;
  }

  /** The attempt contexts of every request received, oldest first. */
  public List<AttemptContext> contexts() {
    List<AttemptContext> out = new ArrayList<>();
    for (ReceivedRequest r : received) out.add(r.context());
    return out;
  }

  /** Calls received (chat, stream and embed), counted even when recording is off. */
  public int calls() {
    return calls.get();
  }

  /**
   * Streams handed out and not yet completed, broken or closed: the provider's busy connections.
   */
  public int openStreams() {
    return openStreams.get();
  }

  /** True once {@link #close()} was called. */
  public boolean isClosed() {
    return closed;
  }

  /**
   * Everything sent to this provider as one string (message texts, tool arguments, embedding
   * inputs): what a network capture would see.
   */
  public String sentText() {
    StringBuilder sb = new StringBuilder();
    for (ReceivedRequest r : received) {
      if (r.kind() == ReceivedRequest.Kind.EMBED) {
        sb.append(String.join("\n", r.embedding().inputs())).append('\n');
        continue;
      }
      for (ChatMessage m : r.chat().messages()) {
        sb.append(m.text()).append('\n');
        if (m instanceof AssistantMessage a)
          a.toolCalls().forEach(c -> sb.append(c.arguments()).append('\n'));
      }
    }
    return sb.toString();
  }

  /**
   * The text of the request's last user message ("" if none): for replies that answer the prompt.
   */
  public static String lastUserText(ChatRequest request) {
    String text = "";
    for (ChatMessage m : request.messages()) {
      if (m.role() == Role.USER) text = m.text();
    }
    return text;
  }

  @Override
  public String toString() {
    return "ScriptedProvider[" + id + ", calls=" + calls.get() + ", queued=" + script.size() + "]";
  }

  private record Answer(ScriptedReply reply, ErrorContext where) {}
}
