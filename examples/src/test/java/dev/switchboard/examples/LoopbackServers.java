package dev.switchboard.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;
import dev.switchboard.usage.Usage;

/**
 * Loopback servers (WireMock on 127.0.0.1) shaped like an Ollama server, a vLLM server and a
 * Foundry resource's OpenAI v1 API, each answering one text, for end-to-end tests of the tool and
 * the examples.
 */
public final class LoopbackServers {
  private LoopbackServers() {}

  public static WireMockServer start() {
    WireMockServer s = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    s.start();
    return s;
  }

  static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  private static void chat(
      WireMockServer s, String path, String whole, String stream, String streamType) {
    s.stubFor(post(urlPathEqualTo(path)).atPriority(5).willReturn(json(whole)));
    s.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(4)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", streamType)
                    .withBody(stream)));
  }

  /** An Ollama server serving {@code llama3.1:8b} and {@code nomic-embed-text}. */
  public static WireMockServer ollama(String text, Usage usage) {
    WireMockServer s = start();
    chat(
        s,
        "/api/chat",
        OllamaStubs.text(text, usage),
        OllamaStubs.textStream(text, usage, true),
        "application/x-ndjson");
    s.stubFor(get(urlPathEqualTo("/api/version")).willReturn(json(OllamaStubs.version())));
    s.stubFor(get(urlPathEqualTo("/api/tags")).willReturn(json(OllamaStubs.tags())));
    s.stubFor(post(urlPathEqualTo("/api/show")).willReturn(json(OllamaStubs.showChatModel())));
    return s;
  }

  /** A vLLM server serving {@code meta-llama/Llama-3.1-8B-Instruct}. */
  public static WireMockServer vllm(String text, Usage usage) {
    WireMockServer s = start();
    OpenAiServerStubs stubs = new OpenAiServerStubs(OpenAiServerStubs.Server.VLLM);
    chat(
        s,
        "/v1/chat/completions",
        stubs.text(text, usage),
        stubs.textStream(text, usage, true),
        "text/event-stream");
    s.stubFor(get(urlPathEqualTo("/health")).willReturn(aResponse().withStatus(200)));
    s.stubFor(get(urlPathEqualTo("/version")).willReturn(json("{\"version\":\"0.11.0\"}")));
    s.stubFor(get(urlPathEqualTo("/v1/models")).willReturn(json(stubs.models())));
    return s;
  }

  /** A Foundry resource's OpenAI v1 API ({@code /openai/v1/chat/completions}). */
  public static WireMockServer foundry(String text, Usage usage) {
    WireMockServer s = start();
    OpenAiServerStubs stubs = new OpenAiServerStubs(OpenAiServerStubs.Server.GENERIC);
    chat(
        s,
        "/openai/v1/chat/completions",
        stubs.text(text, usage),
        stubs.textStream(text, usage, true),
        "text/event-stream");
    return s;
  }

  /**
   * A loopback port nothing listens on: port 1 (tcpmux, never served) rather than a freed ephemeral
   * port, which another process on a busy machine may bind meanwhile.
   */
  public static int closedPort() {
    return 1;
  }
}
