/**
 * Adapters for model servers the hospital runs itself, so the most sensitive data never leaves its
 * network: Ollama's native API (config {@code type: ollama}, {@link
 * dev.switchboard.local.OllamaConfig}) and OpenAI-compatible servers (config {@code type:
 * openai-compatible} with a {@code server} hint, {@link
 * dev.switchboard.local.OpenAiCompatibleConfig}): vLLM, llama.cpp's {@code llama-server}, LM
 * Studio, Hugging Face TGI and others. Both implement {@link dev.switchboard.spi.ModelDiscovery}:
 * what a server serves and what each model can do. A server that is down or still loading its model
 * fails a call with a retryable {@link dev.switchboard.error.ServiceUnavailableException} that
 * names the server and its URL.
 */
@NullMarked
package dev.switchboard.local;

import org.jspecify.annotations.NullMarked;
