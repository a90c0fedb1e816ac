/** JMH benchmarks; see the module's pom for how to run them. */
package dev.switchboard.bench;
