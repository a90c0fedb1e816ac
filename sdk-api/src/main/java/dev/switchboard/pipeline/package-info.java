/**
 * The call pipeline: one ordered chain of interceptors that every chat, stream and embedding call
 * flows through, and listeners that observe it.
 *
 * <p>The chain's order is fixed ({@link dev.switchboard.pipeline.Stage}): compliance, audit,
 * budget, your {@link dev.switchboard.pipeline.Position#PER_CALL} interceptors, routing and
 * resilience, your {@link dev.switchboard.pipeline.Position#PER_ATTEMPT} interceptors, metering,
 * and the provider. Stages before routing run once per call; stages after it once per attempt.
 *
 * <p>A chat call, streamed or not, travels the chain as a {@link
 * dev.switchboard.chat.ChatEventSource}: a non-streamed answer is a source of one {@code Completed}
 * event. So every stage handles streams and single answers the same way.
 */
@NullMarked
package dev.switchboard.pipeline;

import org.jspecify.annotations.NullMarked;
