package dev.switchboard.internal.resilience;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.internal.pipeline.Attributes;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.internal.pipeline.RoutingStage;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROUTING stage with resilience. Per call: the route's targets (as the stages before it left
 * them) that can serve the request, in route order or drawn by weight; per target: circuit
 * breaker, rate limiter and bulkhead, then up to {@code max-attempts} attempts with backoff for
 * retryable failures; a target that failed or refused is not tried again in the same call. One
 * deadline covers everything. A chat attempt counts as served once its first event arrived; after
 * that nothing is retried (see {@link ServedStream}). Thread-safe.
 */
public final class ResilientRoutingStage extends RoutingStage {
  private static final Logger log = LoggerFactory.getLogger(ResilientRoutingStage.class);

  private final TargetPolicies policies;
  private final ResilienceClock clock;
  private final Supplier<? extends RandomGenerator> random;

  /**
   * @param routes the client's routes, resolved now so that a bad override fails the build
   * @throws IllegalArgumentException if an override produces an invalid policy
   */
  public ResilientRoutingStage(ProviderRegistry providers, ResilienceSettings settings, Map<String, Route> routes,
      ResilienceClock clock) {
    this(providers, settings, routes, clock, ThreadLocalRandom::current);
  }

  ResilientRoutingStage(ProviderRegistry providers, ResilienceSettings settings, Map<String, Route> routes,
      ResilienceClock clock, Supplier<? extends RandomGenerator> random) {
    super(providers);
    this.clock = clock;
    this.random = random;
    this.policies = new TargetPolicies(settings, new GuardRegistry(clock), routes);
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Served<Started> s = route(chain.call(), attempt -> start(chain, attempt));
    return new ServedStream(s.value().first(), s.value().source(), s.permit(), s.attempts(), s.target());
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Served<EmbeddingResponse> s = route(chain.call(), chain::proceed);
    s.permit().succeeded(s.value().usage());
    return s.value().attempts() == s.attempts() ? s.value() : s.value().toBuilder().attempts(s.attempts()).build();
  }

  /** Sends one chat attempt and waits for its first event: until then, the attempt may still be retried. */
  private static Started start(Chain<ChatEventSource> chain, Call attempt) {
    ChatEventSource source = chain.proceed(attempt);
    try {
      ChatEvent first = source.next();
      if (first == null) {
        Target t = attempt.target().orElseThrow();
        throw new DecodingException("the answer ended before its first event", ErrorContext.of(t.provider(), t.model()));
      }
      return new Started(first, source);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private <R> Served<R> route(Call call, Function<Call, R> send) {
    List<Target> order = TargetOrder.of(call.route().strategy(), capableTargets(call), random.get());
    CallState state = new CallState(call);
    for (int i = 0; i < order.size(); i++) {
      Served<R> served = tryTarget(state, order.get(i), i < order.size() - 1, send);
      if (served != null) return served;
    }
    if (remainingNanos(call) <= 0) throw state.failures.deadlinePassed(call, state.lastTarget, state.attempts);
    throw state.failures.exhausted();
  }

  /** Up to max-attempts attempts at one target; null when the call should move on to the next. */
  private <R> Served<R> tryTarget(CallState state, Target target, boolean more, Function<Call, R> send) {
    Call call = state.call;
    TargetPolicies.Resolved policy = policies.get(call.logicalModel(), target);
    RetryPolicy retry = policy.retry();
    for (int tryNo = 1; tryNo <= retry.maxAttempts(); tryNo++) {
      long remaining = remainingNanos(call);
      if (remaining <= 0) throw state.failures.deadlinePassed(call, state.lastTarget, state.attempts);
      Permit permit = permit(state, target, policy, Math.min(retry.maxRetryAfter().toNanos(), remaining));
      if (permit == null) return null;
      int n = ++state.attempts;
      state.lastTarget = target;
      Call attempt = call.withAttempt(target, n);
      call.attributes().put(Attributes.ATTEMPTS, n);
      call.listener().attemptStarted(new CallListener.AttemptStarted(call.id(), n, target));
      long start = System.nanoTime();
      try {
        R value = send.apply(attempt);
        ended(attempt, start, null);
        if (log.isDebugEnabled()) {
          log.debug("call {} attempt {} to {} served in {} ms", call.id(), n, target.label(), millisSince(start));
        }
        served(call, target, n);
        return new Served<>(value, permit, n, target);
      } catch (RuntimeException e) {
        permit.failed(e);
        Duration delay = afterFailure(state, attempt, start, e, retry, tryNo, more);
        if (delay == null) return null;
        sleep(delay, target);
      }
    }
    return null;
  }

  /**
   * Reports a failed attempt and decides what follows: the wait before retrying the same target,
   * or null to move on to the next one.
   *
   * @throws RuntimeException the failure itself, when it must not be retried anywhere
   */
  private Duration afterFailure(CallState state, Call attempt, long start, RuntimeException e, RetryPolicy retry,
      int tryNo, boolean more) {
    boolean retryable = e instanceof SwitchboardException s && s.retryable();
    long remaining = remainingNanos(state.call);
    Duration delay = retryable ? nextDelay(e, retry, tryNo, remaining, random.get()) : null;
    Duration announced = delay != null ? delay : retryable && more && remaining > 0 ? Duration.ZERO : null;
    ended(attempt, start, e, announced);
    if (log.isDebugEnabled()) {
      String next = !retryable ? "not retryable" : delay != null ? "retrying in " + delay.toMillis() + " ms"
          : more ? "failing over" : "no target left";
      log.debug("call {} attempt {} to {} failed in {} ms ({}, status {}); {}", state.call.id(), attempt.attempt(),
          attempt.target().orElseThrow().label(), millisSince(start), e.getClass().getSimpleName(),
          e instanceof ServiceException se ? se.statusCode() : 0, next);
    }
    if (!retryable) throw state.failures.fatal(e);
    state.failures.failed(e);
    return delay;
  }

  /**
   * The wait before retrying the same target, or null to move on: attempts are used up, the
   * server asks for longer than {@code maxRetryAfter}, or the wait would outlast the deadline.
   */
  static Duration nextDelay(RuntimeException e, RetryPolicy retry, int tryNo, long remainingNanos,
      RandomGenerator random) {
    if (tryNo >= retry.maxAttempts()) return null;
    Optional<Duration> asked = e instanceof ServiceException s ? s.retryAfter() : Optional.empty();
    Duration delay;
    if (asked.isPresent()) {
      if (asked.get().compareTo(retry.maxRetryAfter()) > 0) return null;
      delay = asked.get();
    } else {
      long cap = retry.backoffCap(tryNo).toNanos();
      delay = Duration.ofNanos(cap == 0 ? 0 : random.nextLong(cap + 1));
    }
    return delay.toNanos() >= remainingNanos ? null : delay;
  }

  private Permit permit(CallState state, Target target, TargetPolicies.Resolved policy, long maxWaitNanos) {
    TargetGuards guards = policy.guards();
    try {
      return guards.acquire(guards.needsTokenEstimate() ? state.tokens() : 0, maxWaitNanos);
    } catch (CallNotPermittedException refused) {
      state.failures.refused(refused);
      if (log.isDebugEnabled()) log.debug("call {} skips {}: {}", state.call.id(), target.label(), refused.reason());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
    }
  }

  private void sleep(Duration delay, Target target) {
    try {
      clock.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
    }
  }

  private static TransportException interrupted(Target target, InterruptedException e) {
    return new TransportException("interrupted while waiting to try again", ErrorContext.of(target.provider(),
        target.model()), false, e);
  }

  private long remainingNanos(Call call) {
    return call.deadlineNanos() - clock.nanoTime();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  private record Started(ChatEvent first, ChatEventSource source) {}

  private record Served<R>(R value, Permit permit, int attempts, Target target) {}

  /** One call's progress through its targets. */
  private static final class CallState {
    final Call call;
    final Failures failures = new Failures();
    int attempts;
    Target lastTarget;
    private long tokens = -1;

    CallState(Call call) {
      this.call = call;
    }

    long tokens() {
      if (tokens < 0) tokens = TokenEstimator.estimate(call.request());
      return tokens;
    }
  }
}
