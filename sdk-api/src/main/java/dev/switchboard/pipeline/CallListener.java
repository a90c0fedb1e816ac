package dev.switchboard.pipeline;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.usage.BudgetCharge;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Observes calls: start, each attempt, success, failure. For metrics and tracing. Methods run on
 * the calling thread and must be quick; an exception thrown by a listener is logged and never
 * breaks the call.
 *
 * @since 0.1
 */
public interface CallListener {

  /** A call entered the pipeline. */
  default void callStarted(CallStarted event) {}

  /** An attempt at one target begins. */
  default void attemptStarted(AttemptStarted event) {}

  /** An attempt ended, in success or failure. */
  default void attemptEnded(AttemptEnded event) {}

  /** The call succeeded (for a stream: it completed). */
  default void callSucceeded(CallSucceeded event) {}

  /** The call failed, or a stream was closed before it completed. */
  default void callFailed(CallFailed event) {}

  /**
   * A call was admitted although a soft budget it is charged against is over its limit (a hard
   * budget refuses instead). Raised once per call and budget, before the call is sent.
   *
   * @since 0.2
   */
  default void budgetOverSoftLimit(BudgetOverSoftLimit event) {}

  /**
   * A circuit breaker changed state. Raised on the thread whose call caused the change (the failure
   * that opened it, the call that found the open period over). Not tied to one call: a breaker
   * guards one target for every call that routes there.
   *
   * @since 0.3
   */
  default void circuitStateChanged(CircuitStateChanged event) {}

  /**
   * A {@code scope: cluster} rate limit changed where it is counted: the shared store could not be
   * reached, so this instance keeps to its share of the limit, or the store answers again. Not tied
   * to one call.
   *
   * @since 0.3
   */
  default void quotaModeChanged(QuotaModeChanged event) {}

  /**
   * The client was built: raised once, before its first call, with what telemetry needs to know
   * about its providers.
   *
   * @since 0.3
   */
  default void clientStarted(ClientStarted event) {}

  /** A listener that ignores everything. */
  CallListener NONE = new CallListener() {};

  /**
   * A call began.
   *
   * @param callId the call's id
   * @param operation chat, stream or embed
   * @param logicalModel the logical model name
   */
  record CallStarted(String callId, Operation operation, String logicalModel) {}

  /**
   * An attempt began.
   *
   * @param callId the call's id
   * @param attempt the attempt number, from 1
   * @param target where the attempt goes
   */
  record AttemptStarted(String callId, int attempt, Target target) {}

  /**
   * An attempt ended, with success or a failure.
   *
   * @param callId the call's id
   * @param attempt the attempt number, from 1
   * @param target where the attempt went
   * @param duration how long the attempt took (for a stream: until its first event)
   * @param statusCode the HTTP status of a failure, 0 for none or success
   * @param failure the failure, or null on success
   * @param nextDelay the wait before the next attempt, or null if there is none
   */
  record AttemptEnded(
      String callId,
      int attempt,
      Target target,
      Duration duration,
      int statusCode,
      @Nullable Throwable failure,
      @Nullable Duration nextDelay) {
    public boolean succeeded() {
      return failure == null;
    }

    public Optional<Duration> nextDelayIfAny() {
      return Optional.ofNullable(nextDelay);
    }
  }

  /**
   * A call succeeded.
   *
   * @param callId the call's id
   * @param operation chat, stream or embed
   * @param logicalModel the logical model name
   * @param servedBy the target that served
   * @param attempts attempts made
   * @param latency wall time of the call
   * @param chatResponse the answer as the caller gets it (with compliance summary, cost and
   *     budgets), for a chat call; null for an embedding call
   * @param embeddingResponse the answer as the caller gets it, for an embedding call; null for a
   *     chat call
   */
  record CallSucceeded(
      String callId,
      Operation operation,
      String logicalModel,
      Target servedBy,
      int attempts,
      Duration latency,
      @Nullable ChatResponse chatResponse,
      @Nullable EmbeddingResponse embeddingResponse) {

    /** An event without the answer (as raised before 0.3). */
    public CallSucceeded(
        String callId,
        Operation operation,
        String logicalModel,
        Target servedBy,
        int attempts,
        Duration latency) {
      this(callId, operation, logicalModel, servedBy, attempts, latency, null, null);
    }

    /**
     * The chat answer, if this was a chat call.
     *
     * @since 0.3
     */
    public Optional<ChatResponse> chat() {
      return Optional.ofNullable(chatResponse);
    }

    /**
     * The embedding answer, if this was an embedding call.
     *
     * @since 0.3
     */
    public Optional<EmbeddingResponse> embedding() {
      return Optional.ofNullable(embeddingResponse);
    }
  }

  /**
   * A call failed.
   *
   * @param callId the call's id
   * @param operation chat, stream or embed
   * @param logicalModel the logical model name
   * @param failure why (a {@link java.util.concurrent.CancellationException} when a stream was
   *     closed early)
   * @param latency wall time of the call
   */
  record CallFailed(
      String callId,
      Operation operation,
      String logicalModel,
      Throwable failure,
      Duration latency) {}

  /**
   * A soft budget is over its limit.
   *
   * @param callId the call's id
   * @param charge the budget as it stood with the call admitted
   * @since 0.2
   */
  record BudgetOverSoftLimit(String callId, BudgetCharge charge) {}

  /**
   * The state of a circuit breaker, as telemetry reports it.
   *
   * @since 0.3
   */
  enum CircuitState {
    /** Calls pass. */
    CLOSED,
    /** Calls are refused until the open period ends. */
    OPEN,
    /** One probe call decides whether the breaker closes or opens again. */
    HALF_OPEN
  }

  /**
   * A circuit breaker changed state.
   *
   * @param target the target (provider and model) the breaker guards
   * @param from the state before
   * @param to the state now
   * @since 0.3
   */
  record CircuitStateChanged(Target target, CircuitState from, CircuitState to) {}

  /**
   * Where a cluster-scoped rate limit is counted.
   *
   * @since 0.3
   */
  enum QuotaMode {
    /** In the shared store, for every instance together. */
    SHARED,
    /** By this instance alone, at its share of the limit (the store cannot be reached). */
    INSTANCE_SHARE
  }

  /**
   * A cluster-scoped rate limit changed where it is counted.
   *
   * @param target the target (provider and model) the limit guards
   * @param mode where the limit is counted from now on
   * @param reason why: the store failure's exception type, or {@code "store reachable"}
   * @since 0.3
   */
  record QuotaModeChanged(Target target, QuotaMode mode, String reason) {}

  /**
   * A client was built.
   *
   * @param endpoints each provider's resolved endpoint ({@link
   *     dev.switchboard.spi.ModelProvider#endpoint()}), by provider id; providers without one are
   *     left out
   * @since 0.3
   */
  record ClientStarted(Map<String, URI> endpoints) {
    /** Copies the map. */
    public ClientStarted {
      endpoints = Map.copyOf(endpoints);
    }
  }
}
