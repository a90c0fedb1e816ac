package dev.switchboard.internal.routing;

import dev.switchboard.Target;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.resilience.BulkheadPolicy;
import dev.switchboard.resilience.CircuitBreakerPolicy;
import dev.switchboard.resilience.RateLimitPolicy;
import dev.switchboard.resilience.ResilienceClock;
import dev.switchboard.resilience.ResiliencePolicy;
import dev.switchboard.spi.ClusterQuotas;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The circuit breakers, rate limiters and bulkheads of a client, one per target (provider + model)
 * and policy: every logical model that routes to a target with the same policy shares its state; a
 * model that overrides a section gets its own. Thread-safe.
 */
final class GuardRegistry {
  private record Key<P>(String provider, String model, P policy) {}

  private final ResilienceClock clock;
  private final NanoClock breakerClock;
  private final CallListener listener;
  private final ConcurrentMap<Key<CircuitBreakerPolicy>, CircuitBreaker> breakers =
      new ConcurrentHashMap<>();
  private final ClusterQuotas clusterQuotas;
  private final ConcurrentMap<Key<RateLimitPolicy>, Limiter> limiters = new ConcurrentHashMap<>();
  private final ConcurrentMap<Key<BulkheadPolicy>, Bulkhead> bulkheads = new ConcurrentHashMap<>();

  GuardRegistry(ResilienceClock clock, CallListener listener) {
    this(clock, listener, null);
  }

  /**
   * @param clusterQuotas the store of {@code scope: cluster} rate limits, or null if the client has
   *     none (such a limit then fails the build)
   */
  GuardRegistry(ResilienceClock clock, CallListener listener, ClusterQuotas clusterQuotas) {
    this.clusterQuotas = clusterQuotas;
    this.clock = clock;
    this.breakerClock = new NanoClock(clock);
    this.listener = listener;
  }

  /** The guards of this target under this policy. */
  TargetGuards guards(Target target, ResiliencePolicy policy) {
    CircuitBreaker breaker =
        policy.circuitBreaker().enabled()
            ? breakers.computeIfAbsent(
                key(target, policy.circuitBreaker()), k -> breaker(target, k.policy()))
            : null;
    Limiter limiter =
        policy.rateLimit().limited()
            ? limiters.computeIfAbsent(
                key(target, policy.rateLimit()), k -> limiter(target, k.policy()))
            : null;
    Bulkhead bulkhead =
        policy.bulkhead().limited()
            ? bulkheads.computeIfAbsent(
                key(target, policy.bulkhead()), k -> bulkhead(target, k.policy()))
            : null;
    return new TargetGuards(target, breaker, limiter, bulkhead, clock);
  }

  private Limiter limiter(Target target, RateLimitPolicy p) {
    if (p.scope() == RateLimitPolicy.Scope.INSTANCE)
      return new ClientRateLimiter(p, clock.nanoTime());
    if (clusterQuotas == null) {
      throw new IllegalStateException(
          "the rate limit of "
              + target.label()
              + " has scope cluster, but the client has no shared store for it: add the config's"
              + " jdbc block (with switchboard-jdbc on the class path) or a feature that offers"
              + " cluster quotas");
    }
    return new ClusterRateLimiter(
        target, p, clusterQuotas.limiter(target, p), listener, clock.nanoTime());
  }

  private static <P> Key<P> key(Target target, P policy) {
    return new Key<>(target.provider(), target.model(), policy);
  }

  private CircuitBreaker breaker(Target target, CircuitBreakerPolicy p) {
    CircuitBreakerConfig config =
        CircuitBreakerConfig.custom()
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(p.slidingWindow())
            .minimumNumberOfCalls(p.minimumCalls())
            .failureRateThreshold(p.failureRateThreshold())
            .waitDurationInOpenState(p.openFor())
            // One probe decides: success closes the breaker, failure opens it again.
            .permittedNumberOfCallsInHalfOpenState(1)
            // Model calls are slow by nature; slowness alone must never open the breaker.
            .slowCallRateThreshold(100)
            .slowCallDurationThreshold(Duration.ofDays(365))
            .automaticTransitionFromOpenToHalfOpenEnabled(false)
            .writableStackTraceEnabled(false)
            .clock(breakerClock)
            .build();
    CircuitBreaker breaker = CircuitBreaker.of(target.label(), config);
    if (listener != CallListener.NONE) {
      // Telemetry hears of every transition; a client without listeners pays nothing.
      breaker
          .getEventPublisher()
          .onStateTransition(
              e ->
                  listener.circuitStateChanged(
                      new CallListener.CircuitStateChanged(
                          target,
                          state(e.getStateTransition().getFromState()),
                          state(e.getStateTransition().getToState()))));
    }
    return breaker;
  }

  /** Resilience4j's states as the listener reports them (forced and disabled ones never occur). */
  static CallListener.CircuitState state(CircuitBreaker.State s) {
    switch (s) {
      case OPEN:
      case FORCED_OPEN:
        return CallListener.CircuitState.OPEN;
      case HALF_OPEN:
        return CallListener.CircuitState.HALF_OPEN;
      default:
        return CallListener.CircuitState.CLOSED;
    }
  }

  private static Bulkhead bulkhead(Target target, BulkheadPolicy p) {
    return Bulkhead.of(
        target.label(),
        BulkheadConfig.custom()
            .maxConcurrentCalls(p.maxConcurrent())
            .maxWaitDuration(Duration.ZERO)
            .writableStackTraceEnabled(false)
            .build());
  }
}
