package dev.switchboard.local;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.testkit.ContractFixture;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.time.Duration;
import okhttp3.ConnectionPool;

/**
 * A WireMock server on loopback speaking one local server's wire format, and a provider pointed at
 * it; subclasses supply the bodies. Chat stubs answer a request with {@code "stream": true} in the
 * server's stream format and any other in its single-response format.
 */
public abstract class LocalFixture implements ContractFixture {
  protected final WireMockServer server;
  protected final HttpTransport transport = HttpTransport.create();

  LocalFixture() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  public WireMockServer server() {
    return server;
  }

  public String baseUrl() {
    return server.baseUrl();
  }

  /** The chat route, such as {@code /api/chat}. */
  abstract String chatPath();

  /** The embeddings route. */
  abstract String embedPath();

  /** The content type of this server's streams. */
  abstract String streamType();

  /** The error body this server sends with a status. */
  abstract String errorBody(int status, String message);

  public static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }

  /** Stubs the chat route: one body for a streamed request, another for the rest. */
  void stubChat(String whole, String stream) {
    server.stubFor(post(urlPathEqualTo(chatPath())).atPriority(5).willReturn(json(200, whole)));
    server.stubFor(
        post(urlPathEqualTo(chatPath()))
            .atPriority(4)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", streamType())
                    .withBody(stream)));
  }

  @Override
  public void givenError(ErrorKind kind, Duration retryAfter) {
    ResponseDefinitionBuilder r =
        switch (kind) {
          case BAD_REQUEST ->
              json(
                  badRequestStatus(),
                  errorBody(badRequestStatus(), "invalid option: temperature must be a number"));
          case UNAUTHORIZED -> json(401, errorBody(401, "Invalid API Key"));
          case RATE_LIMITED ->
              json(
                  429,
                  errorBody(
                      429, "server busy, please try again. maximum pending requests exceeded"));
          case SERVER_ERROR ->
              json(500, errorBody(500, "llama runner process has terminated: exit status 2"));
          case UNAVAILABLE -> json(503, errorBody(503, "Loading model"));
          case CONTENT_FILTERED ->
              throw new UnsupportedOperationException("local servers have no content filter");
        };
    if (retryAfter != null) r.withHeader("Retry-After", Long.toString(retryAfter.toSeconds()));
    server.stubFor(any(anyUrl()).atPriority(3).willReturn(r));
  }

  /** The status of a rejected request: 400, or TGI's 422. */
  int badRequestStatus() {
    return 400;
  }

  @Override
  public void givenSlowReply(String text, Duration delay) {
    server.stubFor(
        post(urlPathEqualTo(chatPath()))
            .atPriority(3)
            .willReturn(json(200, wholeText(text)).withFixedDelay((int) delay.toMillis())));
  }

  /** A whole answer with this text. */
  abstract String wholeText(String text);

  @Override
  public int connectionsInUse() {
    ConnectionPool pool = transport.client().connectionPool();
    return pool.connectionCount() - pool.idleConnectionCount();
  }

  @Override
  public boolean supportsContentFilter() {
    return false;
  }

  @Override
  public void close() {
    provider().close();
    server.stop();
  }

  @Override
  public abstract ModelProvider provider();
}
