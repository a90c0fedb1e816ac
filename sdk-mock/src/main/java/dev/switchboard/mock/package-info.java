/**
 * The mock provider, for tests and demos: scripted replies (fixed, matched on the last user
 * message, or in sequence), streamed replies in chunks, tool calls, deterministic embeddings,
 * realistic token usage, latency, and injected faults. It records every request it receives. Config
 * type {@code mock}; with no script it gives a deterministic, plausible reply.
 */
@NullMarked
package dev.switchboard.mock;

import org.jspecify.annotations.NullMarked;
