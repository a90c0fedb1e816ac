/**
 * Vendor stub servers for tests: {@link dev.switchboard.testkit.server.VendorServerExtension}
 * starts WireMock on a free loopback port speaking one vendor's wire format (Foundry's four API
 * families, Ollama, vLLM, llama.cpp, LM Studio, TGI), with chat, streams, tool calls, embeddings,
 * discovery and health routes and scripted faults, hands the test a config that points at it, and
 * records every request exactly as the vendor received it.
 */
@NullMarked
package dev.switchboard.testkit.server;

import org.jspecify.annotations.NullMarked;
