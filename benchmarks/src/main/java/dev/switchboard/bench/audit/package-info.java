/** JMH benchmarks of the audit trail's append path and of the disk's fsync. */
package dev.switchboard.bench.audit;
