package dev.switchboard.internal.routing;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.error.CallNotPermittedException;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.TransportException;
import dev.switchboard.internal.pipeline.Attributes;
import dev.switchboard.internal.pipeline.ProviderRegistry;
import dev.switchboard.pipeline.Call;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.pipeline.Chain;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResilienceSettings;
import dev.switchboard.resilience.RetryPolicy;
import dev.switchboard.spi.ClusterQuotas;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ROUTING stage. Per call: the targets that can serve the request, in route order or drawn by
 * weight ({@link TargetSelector}); per target: circuit breaker, rate limiter and bulkhead ({@link
 * TargetGuards}), then up to {@code max-attempts} attempts with backoff for retryable failures
 * ({@link RetryDecision}); a target that failed or refused is not tried again in the same call. One
 * deadline covers everything. A chat attempt counts as served once its first event arrived; after
 * that nothing is retried (see {@link ServedStream}). Thread-safe.
 */
public final class RoutingStage implements CallInterceptor {
  private static final Logger log = LoggerFactory.getLogger(RoutingStage.class);

  private final TargetSelector targets;
  private final TargetPolicies policies;
  private final ResilienceClock clock;
  private final Supplier<? extends RandomGenerator> random;

  /**
   * @param routes the client's routes, resolved now so that a bad override fails the build
   * @throws IllegalArgumentException if an override produces an invalid policy
   */
  public RoutingStage(
      ProviderRegistry providers,
      ResilienceSettings settings,
      Map<String, Route> routes,
      ResilienceClock clock) {
    this(providers, settings, routes, clock, CallListener.NONE, null, ThreadLocalRandom::current);
  }

  /**
   * @param listener hears of circuit breaker transitions (the client's guarded listener)
   */
  public RoutingStage(
      ProviderRegistry providers,
      ResilienceSettings settings,
      Map<String, Route> routes,
      ResilienceClock clock,
      CallListener listener) {
    this(providers, settings, routes, clock, listener, null, ThreadLocalRandom::current);
  }

  /**
   * @param listener hears of circuit breaker transitions and quota mode changes
   * @param clusterQuotas the store of {@code scope: cluster} rate limits, or null if none
   */
  public RoutingStage(
      ProviderRegistry providers,
      ResilienceSettings settings,
      Map<String, Route> routes,
      ResilienceClock clock,
      CallListener listener,
      @Nullable ClusterQuotas clusterQuotas) {
    this(providers, settings, routes, clock, listener, clusterQuotas, ThreadLocalRandom::current);
  }

  RoutingStage(
      ProviderRegistry providers,
      ResilienceSettings settings,
      Map<String, Route> routes,
      ResilienceClock clock,
      Supplier<? extends RandomGenerator> random) {
    this(providers, settings, routes, clock, CallListener.NONE, null, random);
  }

  RoutingStage(
      ProviderRegistry providers,
      ResilienceSettings settings,
      Map<String, Route> routes,
      ResilienceClock clock,
      CallListener listener,
      @Nullable ClusterQuotas clusterQuotas,
      Supplier<? extends RandomGenerator> random) {
    this.targets = new TargetSelector(providers);
    this.clock = clock;
    this.random = random;
    this.policies =
        new TargetPolicies(settings, new GuardRegistry(clock, listener, clusterQuotas), routes);
  }

  @Override
  public ChatEventSource interceptChat(Chain<ChatEventSource> chain) {
    Served<Started> s = route(chain.call(), attempt -> start(chain, attempt));
    return new ServedStream(
        s.value().first(), s.value().source(), s.permit(), s.attempts(), s.target());
  }

  @Override
  public EmbeddingResponse interceptEmbed(Chain<EmbeddingResponse> chain) {
    Served<EmbeddingResponse> s = route(chain.call(), chain::proceed);
    s.permit().succeeded(s.value().usage());
    return s.value().attempts() == s.attempts()
        ? s.value()
        : s.value().toBuilder().attempts(s.attempts()).build();
  }

  /**
   * Sends one chat attempt and waits for its first event: until then, the attempt may still be
   * retried.
   */
  private static Started start(Chain<ChatEventSource> chain, Call attempt) {
    ChatEventSource source = chain.proceed(attempt);
    try {
      ChatEvent first = source.next();
      if (first == null) {
        Target t = attempt.target().orElseThrow();
        throw new DecodingException(
            "the answer ended before its first event", ErrorContext.of(t.provider(), t.model()));
      }
      return new Started(first, source);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  /** Tries the call's targets in order until one serves it. */
  private <R> Served<R> route(Call call, Function<Call, R> send) {
    List<Target> order = targets.select(call, random.get());
    CallProgress progress = new CallProgress(call, clock.nanoTime() - System.nanoTime());
    for (int i = 0; i < order.size(); i++) {
      Served<R> served = tryTarget(progress, order.get(i), i < order.size() - 1, send);
      if (served != null) return served;
    }
    if (remainingNanos(progress) <= 0)
      throw progress.failures.deadlinePassed(call, progress.lastTarget, progress.attempts);
    throw progress.failures.exhausted();
  }

  /** Up to max-attempts attempts at one target; null when the call should move on to the next. */
  private <R> Served<R> tryTarget(
      CallProgress progress, Target target, boolean more, Function<Call, R> send) {
    Call call = progress.call;
    TargetPolicies.Resolved policy = policies.get(call.logicalModel(), target);
    RetryPolicy retry = policy.retry();
    for (int tryNo = 1; tryNo <= retry.maxAttempts(); tryNo++) {
      long remaining = remainingNanos(progress);
      if (remaining <= 0)
        throw progress.failures.deadlinePassed(call, progress.lastTarget, progress.attempts);
      Permit permit =
          permit(progress, target, policy, Math.min(retry.maxRetryAfter().toNanos(), remaining));
      if (permit == null) return null;
      Call attempt = begin(progress, target);
      long start = System.nanoTime();
      try {
        return served(attempt, start, send.apply(attempt), permit);
      } catch (RuntimeException e) {
        permit.failed(e);
        Duration delay = afterFailure(progress, attempt, start, e, retry, tryNo, more);
        if (delay == null) return null;
        sleep(delay, target);
      }
    }
    return null;
  }

  /**
   * The guards' permit for one attempt at the target; null (and the refusal noted) if a guard
   * refuses.
   */
  private Permit permit(
      CallProgress progress, Target target, TargetPolicies.Resolved policy, long maxWaitNanos) {
    TargetGuards guards = policy.guards();
    try {
      return guards.acquire(guards.needsTokenEstimate() ? progress.tokens() : 0, maxWaitNanos);
    } catch (CallNotPermittedException refused) {
      progress.failures.refused(refused);
      if (log.isDebugEnabled())
        log.debug("call {} skips {}: {}", progress.call.id(), target.label(), refused.reason());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw interrupted(target, e);
    }
  }

  /** Numbers the next attempt, which goes to the target, and tells the listeners. */
  private static Call begin(CallProgress progress, Target target) {
    Call call = progress.call;
    int n = ++progress.attempts;
    progress.lastTarget = target;
    Call attempt = call.withAttempt(target, n);
    call.attributes().put(Attributes.ATTEMPTS, n);
    // No event object (nor a Duration) is made when nobody listens: the common case, kept free.
    CallListener listener = call.listener();
    if (listener != CallListener.NONE)
      listener.attemptStarted(new CallListener.AttemptStarted(call.id(), n, target));
    return attempt;
  }

  /** Reports the attempt that worked and records on the call who served it. */
  private static <R> Served<R> served(Call attempt, long start, R value, Permit permit) {
    reportEnded(attempt, start, null, null);
    Target target = attempt.target().orElseThrow();
    int n = attempt.attempt();
    if (log.isDebugEnabled()) {
      log.debug(
          "call {} attempt {} to {} served in {} ms",
          attempt.id(),
          n,
          target.label(),
          millisSince(start));
    }
    attempt.attributes().put(Attributes.SERVED_BY, target);
    attempt.attributes().put(Attributes.ATTEMPTS, n);
    return new Served<>(value, permit, n, target);
  }

  /**
   * Reports a failed attempt and decides what follows: the wait before retrying the same target, or
   * null to move on to the next one.
   *
   * @throws RuntimeException the failure itself, when it must not be retried anywhere
   */
  private Duration afterFailure(
      CallProgress progress,
      Call attempt,
      long start,
      RuntimeException e,
      RetryPolicy retry,
      int tryNo,
      boolean more) {
    RetryDecision next =
        RetryDecision.after(e, retry, tryNo, remainingNanos(progress), more, random.get());
    reportEnded(attempt, start, e, next.announced());
    if (log.isDebugEnabled()) {
      log.debug(
          "call {} attempt {} to {} failed in {} ms ({}, status {}); {}",
          attempt.id(),
          attempt.attempt(),
          attempt.target().orElseThrow().label(),
          millisSince(start),
          e.getClass().getSimpleName(),
          e instanceof ServiceException se ? se.statusCode() : 0,
          next.describe(more));
    }
    if (!next.retryable()) throw progress.failures.fatal(e);
    progress.failures.failed(e);
    return next.delay();
  }

  private static void reportEnded(
      Call attempt, long startNanos, RuntimeException failure, Duration nextDelay) {
    CallListener listener = attempt.listener();
    if (listener == CallListener.NONE) return;
    int status = failure instanceof ServiceException s ? s.statusCode() : 0;
    listener.attemptEnded(
        new CallListener.AttemptEnded(
            attempt.id(),
            attempt.attempt(),
            attempt.target().orElseThrow(),
            Duration.ofNanos(System.nanoTime() - startNanos),
            status,
            failure,
            nextDelay));
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
    return new TransportException(
        "interrupted while waiting to try again",
        ErrorContext.of(target.provider(), target.model()),
        false,
        e);
  }

  /**
   * Time left until the call's deadline, measured on the client's clock from when routing began: a
   * virtual clock's sleeps (backoff, rate-limit waits) spend it, while time the clock was moved
   * before the call (a test's {@code advance} between calls) does not. The deadline itself is on
   * {@link System#nanoTime()}, like the transports' timeouts.
   */
  private long remainingNanos(CallProgress progress) {
    return progress.call.deadlineNanos() + progress.clockLead - clock.nanoTime();
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }

  /** A chat attempt that delivered its first event. */
  private record Started(ChatEvent first, ChatEventSource source) {}

  /** The attempt that served the call, and the guards' permit it still holds. */
  private record Served<R>(R value, Permit permit, int attempts, Target target) {}
}
