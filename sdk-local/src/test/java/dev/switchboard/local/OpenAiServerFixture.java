package dev.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.local.internal.openai.OpenAiCompatibleProvider;
import dev.switchboard.testkit.server.DiscoveryRoutes;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;
import dev.switchboard.usage.Usage;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;

/** A loopback OpenAI-compatible server of one kind (vLLM, llama.cpp, LM Studio, TGI, generic). */
public final class OpenAiServerFixture extends LocalFixture {
  private final LocalServer kind;
  private final OpenAiServerStubs stubs;
  private final OpenAiCompatibleProvider provider;

  public OpenAiServerFixture(LocalServer kind) {
    this(kind, b -> b);
  }

  public OpenAiServerFixture(
      LocalServer kind, UnaryOperator<OpenAiCompatibleConfig.Builder> tweak) {
    this.kind = kind;
    this.stubs = new OpenAiServerStubs(OpenAiServerStubs.Server.valueOf(kind.name()));
    OpenAiCompatibleConfig config =
        tweak
            .apply(
                OpenAiCompatibleConfig.builder()
                    .server(kind)
                    .baseUrl(URI.create(baseUrl() + "/v1"))
                    // a loaded machine's first request may take seconds: discovery must not give up
                    // on a server that answers
                    .discoveryTimeout(Duration.ofSeconds(30)))
            .build();
    provider =
        new OpenAiCompatibleProvider(
            kind.configName() + "-test", config, transport, System::nanoTime);
    // discovery and health answer like a real server, above the per-test stubs (the testkit's
    // routes; each test stubs a server's own information route, /props, /info, /version, itself)
    DiscoveryRoutes.models(server, OpenAiServerStubs.Server.valueOf(kind.name()), 1);
    DiscoveryRoutes.health(server, OpenAiServerStubs.Server.valueOf(kind.name()), 1);
  }

  public OpenAiServerStubs stubs() {
    return stubs;
  }

  public LocalServer kind() {
    return kind;
  }

  @Override
  public OpenAiCompatibleProvider provider() {
    return provider;
  }

  @Override
  public String model() {
    return kind == LocalServer.TGI ? "tgi" : stubs.servedModel();
  }

  @Override
  String chatPath() {
    return "/v1/chat/completions";
  }

  @Override
  String embedPath() {
    return "/v1/embeddings";
  }

  @Override
  String streamType() {
    return "text/event-stream";
  }

  @Override
  String errorBody(int status, String message) {
    return kind == LocalServer.TGI && status == 401 ? "" : stubs.error(status, message);
  }

  @Override
  int badRequestStatus() {
    return kind == LocalServer.TGI ? 422 : 400;
  }

  @Override
  String wholeText(String text) {
    return stubs.text(text, Usage.of(1, 1));
  }

  @Override
  public void givenTextReply(String text, Usage usage) {
    stubChat(stubs.text(text, usage), stubs.textStream(text, usage, true));
  }

  @Override
  public void givenToolCallReply(List<ToolCall> calls, Usage usage) {
    stubChat(stubs.toolCalls(calls, usage), stubs.toolStream(calls, usage));
  }

  @Override
  public void givenStreamCutAfter(String partialText) {
    stubChat(
        stubs.text(partialText, Usage.of(1, 1)),
        stubs.textStream(partialText, Usage.of(1, 1), false));
  }

  @Override
  public void givenEmbeddings(List<float[]> vectors, Usage usage) {
    server.stubFor(
        post(urlPathEqualTo(embedPath())).willReturn(json(200, stubs.embeddings(vectors, usage))));
  }

  @Override
  public boolean supportsEmbeddings() {
    return kind != LocalServer.TGI;
  }
}
