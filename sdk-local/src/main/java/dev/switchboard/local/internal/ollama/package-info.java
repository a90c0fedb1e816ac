/**
 * Ollama's native API: wire records, request encoder, response decoder, NDJSON stream, the
 * provider. Not API.
 */
package dev.switchboard.local.internal.ollama;
