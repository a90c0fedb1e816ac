package dev.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.local.internal.ollama.OllamaProvider;
import dev.switchboard.testkit.server.DiscoveryRoutes;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.usage.Usage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A loopback Ollama: {@code /api/chat} (JSON or NDJSON), {@code /api/embed}, and discovery routes.
 */
public final class OllamaFixture extends LocalFixture {
  private final OllamaProvider provider;

  public OllamaFixture() {
    this(b -> b);
  }

  public OllamaFixture(UnaryOperator<OllamaConfig.Builder> tweak) {
    OllamaConfig config =
        tweak
            .apply(
                OllamaConfig.builder()
                    .baseUrl(URI.create(baseUrl()))
                    // a loaded machine's first request may take seconds: discovery must not give up
                    // on a server that answers
                    .discoveryTimeout(Duration.ofSeconds(30)))
            .build();
    provider = new OllamaProvider("ollama-test", config, transport, System::nanoTime);
    // discovery answers like a real server, above the per-test stubs (the testkit's routes)
    DiscoveryRoutes.ollama(server, 1);
  }

  @Override
  public OllamaProvider provider() {
    return provider;
  }

  @Override
  public String model() {
    return OllamaStubs.MODEL;
  }

  @Override
  String chatPath() {
    return "/api/chat";
  }

  @Override
  String embedPath() {
    return "/api/embed";
  }

  @Override
  String streamType() {
    return "application/x-ndjson";
  }

  @Override
  String errorBody(int status, String message) {
    return OllamaStubs.error(message);
  }

  @Override
  String wholeText(String text) {
    return OllamaStubs.text(text, Usage.of(1, 1));
  }

  @Override
  public void givenTextReply(String text, Usage usage) {
    stubChat(OllamaStubs.text(text, usage), OllamaStubs.textStream(text, usage, true));
  }

  @Override
  public void givenToolCallReply(List<ToolCall> calls, Usage usage) {
    stubChat(OllamaStubs.toolCalls(calls, usage), OllamaStubs.toolStream(calls, usage));
  }

  @Override
  public void givenStreamCutAfter(String partialText) {
    stubChat(
        OllamaStubs.text(partialText, Usage.of(1, 1)),
        OllamaStubs.textStream(partialText, Usage.of(1, 1), false));
  }

  @Override
  public void givenEmbeddings(List<float[]> vectors, Usage usage) {
    server.stubFor(
        post(urlPathEqualTo(embedPath()))
            .willReturn(json(200, OllamaStubs.embeddings(vectors, usage))));
  }
}
