package dev.switchboard.internal.pipeline;

import dev.switchboard.pipeline.CallListener;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Fans events out to the user's listeners; a listener that throws is logged and skipped. */
public final class GuardedListener implements CallListener {
  private static final Logger log = LoggerFactory.getLogger(GuardedListener.class);

  private final List<CallListener> listeners;

  private GuardedListener(List<CallListener> listeners) {
    this.listeners = List.copyOf(listeners);
  }

  /** A listener that fans out to these, or {@link CallListener#NONE} if there are none. */
  public static CallListener of(List<CallListener> listeners) {
    return listeners.isEmpty() ? CallListener.NONE : new GuardedListener(listeners);
  }

  private void each(Consumer<CallListener> action) {
    for (CallListener l : listeners) {
      try {
        action.accept(l);
      } catch (RuntimeException e) {
        // The exception's message is user code's and could hold anything: log its type only.
        log.warn(
            "call listener {} threw {}; ignored", l.getClass().getName(), e.getClass().getName());
      }
    }
  }

  @Override
  public void callStarted(CallStarted e) {
    each(l -> l.callStarted(e));
  }

  @Override
  public void attemptStarted(AttemptStarted e) {
    each(l -> l.attemptStarted(e));
  }

  @Override
  public void attemptEnded(AttemptEnded e) {
    each(l -> l.attemptEnded(e));
  }

  @Override
  public void callSucceeded(CallSucceeded e) {
    each(l -> l.callSucceeded(e));
  }

  @Override
  public void callFailed(CallFailed e) {
    each(l -> l.callFailed(e));
  }

  @Override
  public void budgetOverSoftLimit(BudgetOverSoftLimit e) {
    each(l -> l.budgetOverSoftLimit(e));
  }

  @Override
  public void circuitStateChanged(CircuitStateChanged e) {
    each(l -> l.circuitStateChanged(e));
  }

  @Override
  public void quotaModeChanged(QuotaModeChanged e) {
    each(l -> l.quotaModeChanged(e));
  }

  @Override
  public void clientStarted(ClientStarted e) {
    each(l -> l.clientStarted(e));
  }
}
