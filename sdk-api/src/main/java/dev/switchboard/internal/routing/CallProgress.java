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

  // How far the client's clock ran ahead of System.nanoTime() when routing began (zero for the
  // system clock): the deadline, set on System.nanoTime(), is compared on the clock shifted by it.
  final long clockLead;

  CallProgress(Call call, long clockLead) {
    this.call = call;
    this.clockLead = clockLead;
  }

  /** The call's token estimate, made once on first use. */
  long tokens() {
    if (tokens < 0) tokens = TokenEstimator.estimate(call.request());
    return tokens;
  }
}
