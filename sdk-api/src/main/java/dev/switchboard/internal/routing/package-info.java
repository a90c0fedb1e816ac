/**
 * Routing: everything between "a request names a logical model" and "one attempt goes to one
 * target". Read in this order:
 *
 * <ol>
 *   <li>{@link dev.switchboard.internal.routing.RouteResolver}: the request's logical model (or the
 *       default), its route, and pinning to one provider.
 *   <li>{@link dev.switchboard.internal.routing.RoutingStage}: the pipeline stage. It selects the
 *       targets ({@code TargetSelector}: capability filtering, then {@code TargetOrder}), runs the
 *       attempt loop with its retry decisions ({@code RetryDecision}, {@code CallProgress}, {@code
 *       Failures}), and hands the caller a {@code ServedStream} once the first event arrived.
 *   <li>The guards each attempt passes first: {@code TargetPolicies} resolves a target's policy,
 *       {@code GuardRegistry} holds the circuit breakers, rate limiters ({@code ClientRateLimiter}
 *       over {@code TokenBucket}s, fed by {@code TokenEstimator}) and bulkheads, {@code
 *       TargetGuards} asks them, and a {@code Permit} holds what one attempt took.
 * </ol>
 *
 * <p>Not API: nothing here is exported.
 */
package dev.switchboard.internal.routing;
