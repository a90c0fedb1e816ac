/**
 * The OpenAI chat-completions dialect: request encoding, response and stream decoding, embeddings,
 * Azure content-filter results; quirks set by an OpenAiDialect value.
 *
 * <p>Internal machinery of switchboard-wire, shared by the adapters; not API, may change without
 * notice.
 */
package dev.switchboard.wire.internal.openai;
