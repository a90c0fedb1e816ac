/** JMH benchmark of the full hospital pipeline against the raw OkHttp + Jackson floor. */
package dev.switchboard.bench.hospital;
