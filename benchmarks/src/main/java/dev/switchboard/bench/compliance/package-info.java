/** JMH benchmarks of the compliance detector and transformations. */
package dev.switchboard.bench.compliance;
