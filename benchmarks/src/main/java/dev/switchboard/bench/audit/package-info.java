/**
 * JMH benchmarks of the audit trail's append path and of the disk's fsync, and the price of a
 * thread wake-up.
 */
package dev.switchboard.bench.audit;
