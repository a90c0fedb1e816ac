/**
 * How calls survive throttling, degraded vendors and outages: retry with backoff, per-target
 * circuit breakers, client-side rate limits and bulkheads, and failover across a logical model's
 * targets. The policies here are immutable values; set them globally, per provider or per logical
 * model in YAML ({@code resilience:}) or on {@link dev.switchboard.ModelClientBuilder}. The
 * machinery behind them is internal (built on Resilience4j, which never appears in this API).
 */
@NullMarked
package dev.switchboard.resilience;

import org.jspecify.annotations.NullMarked;
