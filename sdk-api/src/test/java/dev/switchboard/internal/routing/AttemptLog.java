package dev.switchboard.internal.routing;

import dev.switchboard.pipeline.CallListener;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records the attempt events a client reports. */
final class AttemptLog implements CallListener {
  final List<AttemptStarted> started = new CopyOnWriteArrayList<>();
  final List<AttemptEnded> ended = new CopyOnWriteArrayList<>();
  final List<CallFailed> failed = new CopyOnWriteArrayList<>();
  final List<CallSucceeded> succeeded = new CopyOnWriteArrayList<>();

  @Override
  public void attemptStarted(AttemptStarted event) {
    started.add(event);
  }

  @Override
  public void attemptEnded(AttemptEnded event) {
    ended.add(event);
  }

  @Override
  public void callSucceeded(CallSucceeded event) {
    succeeded.add(event);
  }

  @Override
  public void callFailed(CallFailed event) {
    failed.add(event);
  }
}
