package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.pipeline.Call;

/**
 * One call's progress through its targets: attempts made so far, the last target tried, what went
 * wrong ({@link Failures}), and the call's token estimate, made only if a tokens-per-minute limit
 * asks for it. Single-threaded, like the call.
 */
final class CallProgress {
  final Call call;
  final Failures failures = new Failures();
  int attempts;
  Target lastTarget;
  private long tokens = -1;

  CallProgress(Call call) {
    this.call = call;
  }

  /** The call's token estimate, made once on first use. */
  long tokens() {
    if (tokens < 0) tokens = TokenEstimator.estimate(call.request());
    return tokens;
  }
}
