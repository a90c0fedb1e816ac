package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.pipeline.Call;
import java.util.ArrayList;
import java.util.List;

/**
 * What went wrong so far in one call, to decide what the caller sees when the call gives up: the
 * last failure of an attempt that reached a target (a target that answered says more than one that
 * was skipped), else the last refusal; earlier ones ride along as suppressed exceptions.
 * Single-threaded, like the call.
 */
final class Failures {
  private static final int MAX_SUPPRESSED = 8;

  private List<RuntimeException> all = List.of();
  private RuntimeException lastFailure;
  private CallNotPermittedException lastRefusal;

  void failed(RuntimeException e) {
    remember(e);
    lastFailure = e;
  }

  void refused(CallNotPermittedException e) {
    remember(e);
    lastRefusal = e;
  }

  private void remember(RuntimeException e) {
    if (all.isEmpty()) all = new ArrayList<>(2);
    all.add(e);
  }

  /** A failure that ends the call at once, with the earlier ones attached. */
  RuntimeException fatal(RuntimeException e) {
    attachOthers(e);
    return e;
  }

  /** Every target was tried or skipped. */
  RuntimeException exhausted() {
    RuntimeException e = lastFailure != null ? lastFailure : lastRefusal;
    if (e == null) throw new IllegalStateException("a call gave up without trying any target");
    attachOthers(e);
    return e;
  }

  /** The call's deadline passed: a timeout caused by the last failure, if any. */
  CallTimeoutException deadlinePassed(Call call, Target lastTarget, int attempts) {
    RuntimeException cause = lastFailure != null ? lastFailure : lastRefusal;
    ErrorContext where =
        lastTarget == null
            ? ErrorContext.NONE
            : ErrorContext.of(lastTarget.provider(), lastTarget.model());
    CallTimeoutException e =
        new CallTimeoutException(
            "the call's deadline of "
                + call.timeouts().call().toMillis()
                + " ms passed after "
                + attempts
                + " attempt(s)",
            where,
            false,
            cause);
    for (RuntimeException other : all) {
      if (other != cause && e.getSuppressed().length < MAX_SUPPRESSED) e.addSuppressed(other);
    }
    return e;
  }

  private void attachOthers(RuntimeException e) {
    for (RuntimeException other : all) {
      if (other != e && e.getSuppressed().length < MAX_SUPPRESSED) e.addSuppressed(other);
    }
  }
}
