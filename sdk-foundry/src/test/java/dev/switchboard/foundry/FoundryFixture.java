package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.foundry.internal.Auths;
import dev.switchboard.foundry.internal.FoundryProvider;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.ConnectionPool;

/** A WireMock server on loopback speaking one Foundry API family, and a provider pointed at it. */
public final class FoundryFixture implements ContractFixture {
  private final FoundryApi api;
  private final WireMockServer server;
  private final HttpTransport transport;
  private final FoundryProvider provider;
  private final String model;

  public FoundryFixture(FoundryApi api) {
    this(api, b -> b);
  }

  public FoundryFixture(FoundryApi api, UnaryOperator<FoundryConfig.Builder> tweak) {
    this.api = api;
    this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    this.model = api == FoundryApi.ANTHROPIC ? "claude-sonnet-4-5" : "gpt-4o-prod";
    FoundryConfig.Builder b =
        FoundryConfig.builder()
            .endpoint(URI.create(server.baseUrl()))
            .api(api)
            .auth(FoundryAuth.apiKey(Secret.of("test-key-0000"), null));
    if (api == FoundryApi.AZURE_OPENAI) b.apiVersion("2025-04-01-preview");
    FoundryConfig config = tweak.apply(b).build();
    this.transport = HttpTransport.create();
    this.provider =
        new FoundryProvider(
            "foundry-test",
            config,
            transport,
            Auths.create(
                config,
                "foundry-test",
                transport.client(),
                Clock.systemUTC(),
                k -> null,
                Duration.ofMillis(10)));
  }

  public WireMockServer server() {
    return server;
  }

  @Override
  public ModelProvider provider() {
    return provider;
  }

  @Override
  public String model() {
    return model;
  }

  private boolean anthropic() {
    return api == FoundryApi.ANTHROPIC;
  }

  private void stub(String unary, String stream) {
    server.stubFor(
        post(urlPathMatching(".*/(chat/completions|messages)"))
            .atPriority(5)
            .willReturn(json(200, unary)));
    server.stubFor(
        post(urlPathMatching(".*/(chat/completions|messages)"))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withHeader("apim-request-id", "apim-stream-1")
                    .withBody(stream)));
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("apim-request-id", "apim-1")
        .withHeader("x-request-id", "xr-1")
        .withHeader("x-ms-region", "East US 2")
        .withBody(body);
  }

  @Override
  public void givenTextReply(String text, Usage usage) {
    if (anthropic())
      stub(
          FoundryStubs.anthropicText(text, usage),
          FoundryStubs.anthropicTextStream(text, usage, true));
    else
      stub(FoundryStubs.openAiText(text, usage), FoundryStubs.openAiTextStream(text, usage, true));
  }

  @Override
  public void givenToolCallReply(List<ToolCall> calls, Usage usage) {
    if (anthropic())
      stub(
          FoundryStubs.anthropicToolCalls(calls, usage),
          FoundryStubs.anthropicToolStream(calls, usage));
    else
      stub(FoundryStubs.openAiToolCalls(calls, usage), FoundryStubs.openAiToolStream(calls, usage));
  }

  @Override
  public void givenError(ErrorKind kind, Duration retryAfter) {
    ResponseDefinitionBuilder r =
        switch (kind) {
          case BAD_REQUEST ->
              json(
                  400,
                  anthropic()
                      ? FoundryStubs.anthropicError(
                          "invalid_request_error", "max_tokens: Field required")
                      : FoundryStubs.azureError("BadRequest", "Invalid request"));
          case UNAUTHORIZED ->
              json(
                  401,
                  FoundryStubs.azureError(
                      "401",
                      "Access denied due to invalid subscription key or wrong API endpoint."));
          case RATE_LIMITED ->
              json(
                  429,
                  anthropic()
                      ? FoundryStubs.anthropicError("rate_limit_error", "Rate limited")
                      : FoundryStubs.azureError(
                          "429",
                          "Requests to the ChatCompletions_Create Operation have exceeded the rate limit."));
          case SERVER_ERROR ->
              json(
                  500,
                  anthropic()
                      ? FoundryStubs.anthropicError("api_error", "Internal server error")
                      : FoundryStubs.azureError("InternalServerError", "The server had an error."));
          case UNAVAILABLE ->
              anthropic()
                  ? json(529, FoundryStubs.anthropicError("overloaded_error", "Overloaded"))
                  : json(
                      503,
                      FoundryStubs.azureError(
                          "ServiceUnavailable",
                          "The service is temporarily unable to process your request."));
          case CONTENT_FILTERED -> json(400, FoundryStubs.contentFilterError());
        };
    if (retryAfter != null) r.withHeader("retry-after", Long.toString(retryAfter.toSeconds()));
    server.stubFor(any(anyUrl()).willReturn(r));
  }

  @Override
  public void givenSlowReply(String text, Duration delay) {
    String body =
        anthropic()
            ? FoundryStubs.anthropicText(text, Usage.of(1, 1))
            : FoundryStubs.openAiText(text, Usage.of(1, 1));
    server.stubFor(
        any(anyUrl()).willReturn(json(200, body).withFixedDelay((int) delay.toMillis())));
  }

  @Override
  public void givenStreamCutAfter(String partialText) {
    String stream =
        anthropic()
            ? FoundryStubs.anthropicTextStream(partialText, Usage.of(1, 1), false)
            : FoundryStubs.openAiTextStream(partialText, Usage.of(1, 1), false);
    stub(
        anthropic()
            ? FoundryStubs.anthropicText(partialText, Usage.of(1, 1))
            : FoundryStubs.openAiText(partialText, Usage.of(1, 1)),
        stream);
  }

  @Override
  public void givenEmbeddings(List<float[]> vectors, Usage usage) {
    server.stubFor(
        post(urlPathMatching(".*/embeddings"))
            .willReturn(json(200, FoundryStubs.embeddings(vectors, usage))));
  }

  @Override
  public int connectionsInUse() {
    ConnectionPool pool = transport.client().connectionPool();
    return pool.connectionCount() - pool.idleConnectionCount();
  }

  @Override
  public boolean supportsEmbeddings() {
    return !anthropic();
  }

  @Override
  public boolean supportsContentFilter() {
    return !anthropic();
  }

  @Override
  public void close() {
    provider.close();
    server.stop();
  }
}
