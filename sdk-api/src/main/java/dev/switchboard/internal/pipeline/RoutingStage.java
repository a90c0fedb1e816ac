package dev.switchboard.internal.pipeline;

import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.pipeline.EventSources;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The routing stage without resilience: the first target that can serve the request gets one
 * attempt. Targets that lack a capability the request needs are skipped before anything is
 * sent; if none can serve, the call is refused with the reason.
 */
public class RoutingStage implements CallInterceptor {
  protected final ProviderRegistry providers;

  public RoutingStage(ProviderRegistry providers) {
    this.providers = providers;
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Call call = chain.call();
    Target target = capableTargets(call).get(0);
    Call attempt = begin(call, target, 1);
    long start = System.nanoTime();
    try {
      ChatEventSource source = chain.proceed(attempt);
      // The first event proves the attempt worked; retries are only possible before it.
      ChatEvent first = source.next();
      ended(attempt, start, null);
      served(call, target, 1);
      return EventSources.prepend(first, source);
    } catch (RuntimeException e) {
      ended(attempt, start, e);
      throw e;
    }
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Call call = chain.call();
    Target target = capableTargets(call).get(0);
    Call attempt = begin(call, target, 1);
    long start = System.nanoTime();
    try {
      EmbeddingResponse response = chain.proceed(attempt);
      ended(attempt, start, null);
      served(call, target, 1);
      return response;
    } catch (RuntimeException e) {
      ended(attempt, start, e);
      throw e;
    }
  }

  /**
   * The route's targets that can serve the call, in route order.
   *
   * @throws UnsupportedCapabilityException if none can
   */
  protected List<Target> capableTargets(Call call) {
    List<Target> targets = call.route().targets();
    if (targets.size() == 1 && Capabilities.canServe(call, capabilitiesOf(targets.get(0)))) return targets;
    List<Target> capable = new ArrayList<>(call.route().targets().size());
    List<String> reasons = new ArrayList<>();
    for (Target t : call.route().targets()) {
      List<String> missing = Capabilities.missing(call, capabilitiesOf(t));
      if (missing.isEmpty()) {
        capable.add(t);
      } else {
        reasons.add(t.label() + " lacks " + String.join(", ", missing));
      }
    }
    if (capable.isEmpty()) {
      throw new UnsupportedCapabilityException("no target of model '" + call.logicalModel()
          + "' can serve this request: " + String.join("; ", reasons), ErrorContext.NONE);
    }
    return capable;
  }

  private dev.switchboard.spi.ProviderCapabilities capabilitiesOf(Target t) {
    return providers.require(t.provider()).capabilities(t.model());
  }

  /** Starts an attempt: checks the deadline and tells the listeners. */
  protected Call begin(Call call, Target target, int attemptNumber) {
    if (call.remaining().isNegative() || call.remaining().isZero()) {
      throw new CallTimeoutException("the call's deadline of " + call.timeouts().call().toMillis()
          + " ms passed before attempt " + attemptNumber, ErrorContext.of(target.provider(), target.model()), false, null);
    }
    Call attempt = call.withAttempt(target, attemptNumber);
    call.listener().attemptStarted(new CallListener.AttemptStarted(call.id(), attemptNumber, target));
    return attempt;
  }

  protected void ended(Call attempt, long startNanos, RuntimeException failure) {
    ended(attempt, startNanos, failure, null);
  }

  protected void ended(Call attempt, long startNanos, RuntimeException failure, Duration nextDelay) {
    int status = failure instanceof ServiceException s ? s.statusCode() : 0;
    attempt.listener().attemptEnded(new CallListener.AttemptEnded(attempt.id(), attempt.attempt(),
        attempt.target().orElseThrow(), Duration.ofNanos(System.nanoTime() - startNanos), status, failure, nextDelay));
  }

  protected void served(Call call, Target target, int attempts) {
    call.attributes().put(Attributes.SERVED_BY, target);
    call.attributes().put(Attributes.ATTEMPTS, attempts);
  }
}
