package dev.switchboard.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The cancellation of one async call, seen from the thread that runs it: {@link
 * InterruptibleFuture} opens a scope around the work and cancels it with the future, and an attempt
 * registers what aborts its I/O (an HTTP call's {@code cancel()}). Interrupting the thread is not
 * enough: a thread blocked reading a socket does not notice an interrupt, so the server would keep
 * generating to its limit. Thread-safe.
 */
public final class CancelScope {
  private static final ThreadLocal<CancelScope> CURRENT = new ThreadLocal<>();

  private final Set<Runnable> actions = ConcurrentHashMap.newKeySet();
  private volatile boolean cancelled;

  CancelScope() {}

  /** The scope of the async call the current thread runs, or null outside one. */
  public static CancelScope current() {
    return CURRENT.get();
  }

  static void enter(CancelScope scope) {
    CURRENT.set(scope);
  }

  static void exit() {
    CURRENT.remove();
  }

  /** Whether the call was cancelled. */
  public boolean cancelled() {
    return cancelled;
  }

  /**
   * Runs the action when the call is cancelled (at once if it already was) until the returned
   * handle is run.
   */
  public Runnable register(Runnable action) {
    actions.add(action);
    if (cancelled && actions.remove(action)) action.run(); // cancelled while registering
    return () -> actions.remove(action);
  }

  void cancel() {
    cancelled = true;
    for (Runnable a : List.copyOf(actions)) {
      if (!actions.remove(a)) continue; // deregistered or run by a racing register
      try {
        a.run();
      } catch (RuntimeException e) {
        // an abort action that fails must not stop the others; the thread is interrupted anyway
      }
    }
  }
}
