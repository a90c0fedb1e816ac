/**
 * OpenAI-compatible servers over sdk-wire's chat-completions codec: per-server dialects and
 * discovery. Not API.
 */
package dev.switchboard.local.internal.openai;
