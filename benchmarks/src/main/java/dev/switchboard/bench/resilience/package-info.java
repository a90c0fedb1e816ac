/** JMH benchmarks of the resilience layer: its overhead on a successful call, with no I/O. */
package dev.switchboard.bench.resilience;
