package dev.switchboard.pipeline;

import dev.switchboard.ModelRequest;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.Timeouts;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.internal.Ids;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.Checks;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One call as it travels the pipeline: the request, the logical model and its route, and, once
 * routing chose one, the target and attempt number. Immutable: stages derive changed copies with
 * the {@code with} methods. {@link #attributes()} is shared by all copies.
 *
 * @since 0.1
 */
public final class Call {
  private final CallId id;
  private final Operation operation;
  private final ModelRequest request;
  private final String logicalModel;
  private final Route route;
  private final Target target;
  private final int attempt;
  private final Timeouts timeouts;
  private final long startNanos;
  private final long deadlineNanos;
  private final CallAttributes attributes;
  private final CallListener listener;
  private final Map<String, String> traceHeaders;

  private Call(
      CallId id,
      Operation operation,
      ModelRequest request,
      String logicalModel,
      Route route,
      Target target,
      int attempt,
      Timeouts timeouts,
      long startNanos,
      long deadlineNanos,
      CallAttributes attributes,
      CallListener listener,
      Map<String, String> traceHeaders) {
    this.id = id;
    this.operation = operation;
    this.request = request;
    this.logicalModel = logicalModel;
    this.route = route;
    this.target = target;
    this.attempt = attempt;
    this.timeouts = timeouts;
    this.startNanos = startNanos;
    this.deadlineNanos = deadlineNanos;
    this.attributes = attributes;
    this.listener = listener;
    this.traceHeaders = traceHeaders;
  }

  /**
   * A new call, starting now.
   *
   * @param listener receives the call's events; must never throw (the client passes a guarded one)
   */
  public static Call start(
      Operation operation,
      ModelRequest request,
      String logicalModel,
      Route route,
      Timeouts timeouts,
      CallListener listener) {
    Checks.notNull(operation, "operation");
    Checks.notNull(request, "request");
    Checks.check(
        operation.isChat() == (request instanceof ChatRequest),
        "request",
        "does not match operation " + operation);
    long now = System.nanoTime();
    return new Call(
        new CallId(),
        operation,
        request,
        Checks.notBlank(logicalModel, "logicalModel"),
        Checks.notNull(route, "route"),
        null,
        0,
        Checks.notNull(timeouts, "timeouts"),
        now,
        now + timeouts.call().toNanos(),
        new CallAttributes(),
        Checks.notNull(listener, "listener"),
        Map.of());
  }

  /** The SDK's id for this call, the same across all its attempts. */
  public String id() {
    return id.get();
  }

  public Operation operation() {
    return operation;
  }

  /** The request: a {@link ChatRequest} or an {@link EmbeddingRequest}. */
  public ModelRequest request() {
    return request;
  }

  /**
   * The chat request.
   *
   * @throws IllegalStateException for an embedding call
   */
  public ChatRequest chatRequest() {
    if (request instanceof ChatRequest c) return c;
    throw new IllegalStateException("not a chat call: " + operation);
  }

  /**
   * The embedding request.
   *
   * @throws IllegalStateException for a chat call
   */
  public EmbeddingRequest embeddingRequest() {
    if (request instanceof EmbeddingRequest e) return e;
    throw new IllegalStateException("not an embedding call: " + operation);
  }

  /** The logical model name the call resolved to. */
  public String logicalModel() {
    return logicalModel;
  }

  /** The targets still eligible for this call (compliance may narrow them). */
  public Route route() {
    return route;
  }

  /** The target of this attempt; empty before routing. */
  public Optional<Target> target() {
    return Optional.ofNullable(target);
  }

  /** The attempt number, from 1; 0 before routing. */
  public int attempt() {
    return attempt;
  }

  public Timeouts timeouts() {
    return timeouts;
  }

  /** When the call started, on the {@link System#nanoTime()} clock. */
  public long startNanos() {
    return startNanos;
  }

  /** The call's deadline on the {@link System#nanoTime()} clock. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Time left until the deadline; zero or negative once it passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /** Time since the call started. */
  public Duration elapsed() {
    return Duration.ofNanos(elapsedNanos());
  }

  /**
   * Nanoseconds since the call started: {@link #elapsed()} without a {@code Duration}, for stages
   * that only record a number.
   *
   * @since 0.2
   */
  public long elapsedNanos() {
    return System.nanoTime() - startNanos;
  }

  /** State shared by the stages of this call. */
  public CallAttributes attributes() {
    return attributes;
  }

  /** Receives this call's events. Never throws. */
  public CallListener listener() {
    return listener;
  }

  /**
   * A copy with another request of the same kind (for example after redaction).
   *
   * @throws IllegalArgumentException if the request is of the other kind
   */
  public Call withRequest(ModelRequest request) {
    Checks.check(
        operation.isChat() == (request instanceof ChatRequest),
        "request",
        "does not match operation " + operation);
    return new Call(
        id,
        operation,
        request,
        logicalModel,
        route,
        target,
        attempt,
        timeouts,
        startNanos,
        deadlineNanos,
        attributes,
        listener,
        traceHeaders);
  }

  /** A copy with other eligible targets. */
  public Call withRoute(Route route) {
    return new Call(
        id,
        operation,
        request,
        logicalModel,
        Checks.notNull(route, "route"),
        target,
        attempt,
        timeouts,
        startNanos,
        deadlineNanos,
        attributes,
        listener,
        traceHeaders);
  }

  /** A copy for one attempt at the given target. */
  public Call withAttempt(Target target, int attempt) {
    Checks.check(attempt >= 1, "attempt", "must be at least 1");
    return new Call(
        id,
        operation,
        request,
        logicalModel,
        route,
        Checks.notNull(target, "target"),
        attempt,
        timeouts,
        startNanos,
        deadlineNanos,
        attributes,
        listener,
        traceHeaders);
  }

  /** A copy with another deadline (never later than this call's). */
  public Call withDeadline(long deadlineNanos) {
    return new Call(
        id,
        operation,
        request,
        logicalModel,
        route,
        target,
        attempt,
        timeouts,
        startNanos,
        Math.min(this.deadlineNanos, deadlineNanos),
        attributes,
        listener,
        traceHeaders);
  }

  /**
   * A copy whose attempt sends these trace-context headers to the provider (see {@link
   * AttemptContext#traceHeaders()}); set by a telemetry interceptor at {@link
   * Position#PER_ATTEMPT}.
   *
   * @since 0.3
   */
  public Call withTraceHeaders(Map<String, String> headers) {
    return new Call(
        id,
        operation,
        request,
        logicalModel,
        route,
        target,
        attempt,
        timeouts,
        startNanos,
        deadlineNanos,
        attributes,
        listener,
        Map.copyOf(Checks.notNull(headers, "headers")));
  }

  /**
   * What the provider needs for this attempt.
   *
   * @throws IllegalStateException before routing chose a target
   */
  public AttemptContext attemptContext() {
    if (target == null) throw new IllegalStateException("no target chosen yet");
    AttemptContext context =
        new AttemptContext(
            id.get(),
            attempt,
            target.model(),
            null,
            timeouts.connect(),
            timeouts.read(),
            deadlineNanos);
    return traceHeaders.isEmpty() ? context : context.withTraceHeaders(traceHeaders);
  }

  /** The call's id, formatted only when someone asks for it (most calls never do). */
  private static final class CallId {
    private final long hi = ThreadLocalRandom.current().nextLong();
    private final long lo = ThreadLocalRandom.current().nextLong();
    private String text;

    String get() {
      String t = text;
      if (t == null) text = t = Ids.format(hi, lo);
      return t;
    }
  }

  @Override
  public String toString() {
    return "Call["
        + id.get()
        + ", "
        + operation
        + ", model="
        + logicalModel
        + (target == null ? "" : ", target=" + target.label() + ", attempt=" + attempt)
        + "]";
  }
}
