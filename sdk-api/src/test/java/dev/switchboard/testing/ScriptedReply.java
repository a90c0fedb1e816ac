package dev.switchboard.testing;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.error.ContentFilteredException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.TransportException;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * One scripted answer of a {@link ScriptedProvider}: text, tool calls, usage and vectors; or a
 * failure instead of an answer; optionally after a latency; or, for a stream, an answer that breaks
 * after its first few events. Immutable: the {@code with} methods and {@link #cutAfter} return
 * changed copies.
 *
 * <pre>{@code
 * provider.then(ScriptedReply.rateLimited(Duration.ofSeconds(2)))   // the next call: 429
 *     .then(ScriptedReply.text("Stable.").cutAfter(1))               // then a stream cut after one event
 *     .always(ScriptedReply.answer("ok", Usage.of(10, 5)));          // then this, every time
 * }</pre>
 *
 * <p>The named failures build a new exception for every call, naming the provider, model and
 * request id as an adapter would, so that exceptions of different attempts stay apart.
 */
public final class ScriptedReply {
  /** The usage of {@link #text}: small and fixed. */
  public static final Usage DEFAULT_USAGE = Usage.of(10, 3);

  /** A latency that outlasts any read timeout: the provider never answers. */
  static final Duration NEVER = Duration.ofDays(365_000);

  private final String text;
  private final Usage usage;
  private final List<ToolCall> toolCalls;
  private final List<float[]> vectors;
  private final Function<ErrorContext, ? extends RuntimeException> failure;
  private final Duration latency;
  private final int cutAfter;
  private final boolean usageFirst;
  private final String requestId;

  private ScriptedReply(
      String text,
      Usage usage,
      List<ToolCall> toolCalls,
      List<float[]> vectors,
      Function<ErrorContext, ? extends RuntimeException> failure,
      Duration latency,
      int cutAfter,
      boolean usageFirst,
      String requestId) {
    this.text = Objects.requireNonNull(text, "text");
    this.usage = Objects.requireNonNull(usage, "usage");
    this.toolCalls = List.copyOf(toolCalls);
    this.vectors = vectors == null ? null : List.copyOf(vectors);
    this.failure = failure;
    this.latency = Objects.requireNonNull(latency, "latency");
    this.cutAfter = cutAfter;
    this.usageFirst = usageFirst;
    this.requestId = requestId;
  }

  /** An answer with this text and {@link #DEFAULT_USAGE}. */
  public static ScriptedReply text(String text) {
    return answer(text, DEFAULT_USAGE);
  }

  /** An answer with this text and usage ({@link Usage#EMPTY}: none reported). */
  public static ScriptedReply answer(String text, Usage usage) {
    return new ScriptedReply(text, usage, List.of(), null, null, Duration.ZERO, -1, false, null);
  }

  /** A stream that reports usage first and then breaks before any text (a chat call just fails). */
  public static ScriptedReply usageThenCut(Usage usage) {
    return answer("", usage).usageFirst().cutAfter(1);
  }

  /** 429 Too Many Requests, asking to wait {@code retryAfter} (null for no header). */
  public static ScriptedReply rateLimited(Duration retryAfter) {
    return fail(
        where -> new RateLimitedException("rate limited", where.withStatus(429), retryAfter));
  }

  /** 503 Service Unavailable. */
  public static ScriptedReply unavailable() {
    return fail(
        where -> new ServiceUnavailableException("service unavailable", where.withStatus(503)));
  }

  /**
   * No answer until the attempt's read timeout (or the call's deadline) passes, then a retryable
   * timeout.
   */
  public static ScriptedReply timeout() {
    return text("").withLatency(NEVER);
  }

  /** The connection drops before anything is answered: a retryable transport failure. */
  public static ScriptedReply reset() {
    return fail(ScriptedReply::connectionReset);
  }

  /** 400 from the provider's content filter, with these categories. */
  public static ScriptedReply contentFiltered(String... categories) {
    Set<String> c = Set.of(categories);
    return fail(
        where ->
            new ContentFilteredException(
                "the prompt was refused by the content filter",
                where.withStatus(400).withErrorCode("content_filter"),
                c));
  }

  /** 401 Unauthorized. */
  public static ScriptedReply authentication() {
    return fail(
        where ->
            new AuthenticationException("the credentials were refused", where.withStatus(401)));
  }

  /** 400 Bad Request. */
  public static ScriptedReply invalidRequest() {
    return fail(
        where ->
            new InvalidRequestException(
                "the request was rejected as invalid", where.withStatus(400)));
  }

  /**
   * Throws this exception, the same instance on every call (prefer the named failures, or {@link
   * #fail(Function)}, for replies that repeat). Any runtime exception, so adapter bugs can be
   * simulated too.
   */
  public static ScriptedReply fail(RuntimeException failure) {
    Objects.requireNonNull(failure, "failure");
    return fail(where -> failure);
  }

  /**
   * Throws what the function makes, once per call, from where the provider is ({@code provider},
   * {@code model}, {@code requestId}). The function runs on the calling thread and may block.
   */
  public static ScriptedReply fail(Function<ErrorContext, ? extends RuntimeException> failure) {
    Objects.requireNonNull(failure, "failure");
    return new ScriptedReply(
        "", Usage.EMPTY, List.of(), null, failure, Duration.ZERO, -1, false, null);
  }

  /** This answer with another usage. */
  public ScriptedReply withUsage(Usage usage) {
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, cutAfter, usageFirst, requestId);
  }

  /** This answer with tool calls (streamed as a header fragment, then the arguments in chunks). */
  public ScriptedReply withToolCalls(ToolCall... calls) {
    return new ScriptedReply(
        text, usage, List.of(calls), vectors, failure, latency, cutAfter, usageFirst, requestId);
  }

  /** For embeddings: these vectors, by input index (inputs beyond them get the default vector). */
  public ScriptedReply withVectors(List<float[]> vectors) {
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, cutAfter, usageFirst, requestId);
  }

  /**
   * Answers (or fails) only after this long, waited on the provider's clock. A latency longer than
   * the attempt's read timeout or what is left of the call's deadline ends, after that much, in the
   * retryable timeout a real client would see.
   */
  public ScriptedReply withLatency(Duration latency) {
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, cutAfter, usageFirst, requestId);
  }

  /** This answer with its own request id instead of the provider's numbered one. */
  public ScriptedReply withRequestId(String requestId) {
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, cutAfter, usageFirst, requestId);
  }

  /**
   * A stream that yields its first {@code events} events and then breaks with a retryable transport
   * failure ("the connection was reset"); at the latest it breaks instead of completing. A chat or
   * embedding call with this reply fails at once the same way.
   */
  public ScriptedReply cutAfter(int events) {
    if (events < 0) throw new IllegalArgumentException("events: must not be negative");
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, events, usageFirst, requestId);
  }

  /** A stream that reports its usage before the text instead of after it. */
  public ScriptedReply usageFirst() {
    return new ScriptedReply(
        text, usage, toolCalls, vectors, failure, latency, cutAfter, true, requestId);
  }

  String text() {
    return text;
  }

  Usage usage() {
    return usage;
  }

  List<ToolCall> toolCalls() {
    return toolCalls;
  }

  List<float[]> vectors() {
    return vectors;
  }

  Function<ErrorContext, ? extends RuntimeException> failure() {
    return failure;
  }

  Duration latency() {
    return latency;
  }

  /** Events before the stream breaks; negative for a stream that completes. */
  int cutAfterEvents() {
    return cutAfter;
  }

  boolean isUsageFirst() {
    return usageFirst;
  }

  String requestId() {
    return requestId;
  }

  static TransportException connectionReset(ErrorContext where) {
    return new TransportException("the connection was reset", where, true, null);
  }

  @Override
  public String toString() {
    return "ScriptedReply["
        + (failure != null ? "failure" : text.length() + " chars, " + usage)
        + (latency.isZero() ? "" : ", latency=" + latency.toMillis() + "ms")
        + (cutAfter < 0 ? "" : ", cutAfter=" + cutAfter)
        + "]";
  }
}
