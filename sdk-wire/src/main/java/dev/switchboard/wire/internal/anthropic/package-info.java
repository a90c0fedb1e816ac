/**
 * The Anthropic Messages API dialect (Claude on Foundry today): request encoding, response and
 * stream decoding. It sits next to the OpenAI chat-completions codec so that any adapter whose
 * server speaks {@code /v1/messages} can use it, not only Foundry.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.anthropic;
