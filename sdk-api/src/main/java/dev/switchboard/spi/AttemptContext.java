package dev.switchboard.spi;

import dev.switchboard.internal.CancelScope;
import java.time.Duration;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * What one attempt needs besides the request: the model to call, timeouts, and ids for tracing.
 * Immutable.
 *
 * <p>Sealed rather than final only so that the rare context with trace-context headers can be a
 * private subclass: the field that holds them is then absent from the per-attempt object of every
 * call that sends none (a client without telemetry allocates not one byte more per attempt for a
 * feature it does not use). Nobody outside this class can extend it.
 *
 * @since 0.1
 */
public sealed class AttemptContext {
  private final String callId;
  private final int attempt;
  private final String model;
  private String clientRequestId;
  private final Duration connectTimeout;
  private final Duration readTimeout;
  private final long deadlineNanos;
  // the async call this attempt belongs to, if any: attempts run on the thread that runs the call
  private final @Nullable CancelScope cancelScope;

  /**
   * @param callId the SDK's id of the whole call
   * @param attempt 1 for the first attempt, counting across retries and failovers
   * @param model the provider-side model or deployment name to call
   * @param clientRequestId an id for this attempt, sent as {@code x-ms-client-request-id} or
   *     similar; null to generate a random one when first asked for
   * @param connectTimeout the connect timeout for this attempt
   * @param readTimeout the longest wait for the next bytes of the response
   * @param deadlineNanos the call's deadline on the {@link System#nanoTime()} clock
   */
  public AttemptContext(
      String callId,
      int attempt,
      String model,
      @Nullable String clientRequestId,
      Duration connectTimeout,
      Duration readTimeout,
      long deadlineNanos) {
    this.callId = Checks.notBlank(callId, "AttemptContext.callId");
    Checks.check(attempt >= 1, "AttemptContext.attempt", "must be at least 1");
    this.attempt = attempt;
    this.model = Checks.notBlank(model, "AttemptContext.model");
    if (clientRequestId != null) Checks.notBlank(clientRequestId, "AttemptContext.clientRequestId");
    this.clientRequestId = clientRequestId;
    this.connectTimeout = Checks.notNull(connectTimeout, "AttemptContext.connectTimeout");
    this.readTimeout = Checks.notNull(readTimeout, "AttemptContext.readTimeout");
    this.deadlineNanos = deadlineNanos;
    this.cancelScope = CancelScope.current();
  }

  private AttemptContext(AttemptContext from) {
    this.callId = from.callId;
    this.attempt = from.attempt;
    this.model = from.model;
    this.clientRequestId = from.clientRequestId;
    this.connectTimeout = from.connectTimeout;
    this.readTimeout = from.readTimeout;
    this.deadlineNanos = from.deadlineNanos;
    this.cancelScope = from.cancelScope;
  }

  /**
   * A copy that sends these trace-context headers (W3C {@code traceparent}, {@code tracestate}).
   *
   * @param headers header names and values; empty to send none
   * @since 0.3
   */
  public AttemptContext withTraceHeaders(Map<String, String> headers) {
    Checks.notNull(headers, "AttemptContext.traceHeaders");
    return headers.isEmpty() ? new AttemptContext(this) : new Traced(this, Map.copyOf(headers));
  }

  /**
   * Trace-context headers that the adapter adds to this attempt's HTTP request: put there by a
   * telemetry module for providers it was told to propagate to; empty otherwise. The adapter adds
   * them as they are; the values hold trace and span ids only, never call content.
   *
   * @since 0.3
   */
  public Map<String, String> traceHeaders() {
    return Map.of();
  }

  /** A context for calls outside the pipeline (tests, tools): generous timeouts, fresh ids. */
  public static AttemptContext forModel(String model) {
    String id = dev.switchboard.internal.Ids.uuid();
    return new AttemptContext(
        id,
        1,
        model,
        id,
        Duration.ofSeconds(10),
        Duration.ofSeconds(60),
        System.nanoTime() + Duration.ofMinutes(2).toNanos());
  }

  public String callId() {
    return callId;
  }

  public int attempt() {
    return attempt;
  }

  /** The provider-side model or deployment name to put on the wire. */
  public String model() {
    return model;
  }

  /** A fresh id for this attempt, for the provider's client-request-id header. */
  public String clientRequestId() {
    String id = clientRequestId;
    if (id == null) clientRequestId = id = dev.switchboard.internal.Ids.uuid();
    return id;
  }

  public Duration connectTimeout() {
    return connectTimeout;
  }

  public Duration readTimeout() {
    return readTimeout;
  }

  /** The call's deadline on the {@link System#nanoTime()} clock. */
  public long deadlineNanos() {
    return deadlineNanos;
  }

  /** Time left until the call's deadline; zero or negative once it passed. */
  public Duration remaining() {
    return Duration.ofNanos(deadlineNanos - System.nanoTime());
  }

  /**
   * Registers what aborts this attempt's I/O (an HTTP call's {@code cancel()}) when the caller
   * cancels the call, such as {@code chatAsync(...).cancel(true)}: a thread blocked reading a
   * socket does not notice an interrupt, and the server would keep generating. The action runs at
   * once if the call already was cancelled, and never for a call that cannot be cancelled (a
   * synchronous one). Run the returned handle once the attempt's I/O ended, to deregister it.
   *
   * @param abort the action, run at most once, on the cancelling thread; it must not block
   * @return the handle that deregisters the action
   * @since 0.2
   */
  public Runnable onCancel(Runnable abort) {
    Checks.notNull(abort, "abort");
    return cancelScope == null ? () -> {} : cancelScope.register(abort);
  }

  /**
   * Whether the caller cancelled the call this attempt belongs to; a cancelled call must not be
   * retried.
   *
   * @since 0.2
   */
  public boolean cancelled() {
    return cancelScope != null && cancelScope.cancelled();
  }

  @Override
  public String toString() {
    return "AttemptContext[call=" + callId + ", attempt=" + attempt + ", model=" + model + "]";
  }

  /** A context that sends trace-context headers: the only one that holds them. */
  private static final class Traced extends AttemptContext {
    private final Map<String, String> traceHeaders;

    Traced(AttemptContext from, Map<String, String> traceHeaders) {
      super(from);
      this.traceHeaders = traceHeaders;
    }

    @Override
    public Map<String, String> traceHeaders() {
      return traceHeaders;
    }
  }
}
