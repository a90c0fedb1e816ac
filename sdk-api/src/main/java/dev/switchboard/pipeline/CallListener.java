package dev.switchboard.pipeline;

import dev.switchboard.Target;
import dev.switchboard.usage.BudgetCharge;
import java.time.Duration;
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
   */
  record CallSucceeded(
      String callId,
      Operation operation,
      String logicalModel,
      Target servedBy,
      int attempts,
      Duration latency) {}

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
}
