package dev.switchboard.wire.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.ResponseTooLargeException;
import dev.switchboard.error.ServiceException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ResponseLimits;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A 2xx body is read within max-response-bytes; a redirect says where it pointed, host only. */
class BoundedBodyTest {
  static final ResponseLimits SMALL = new ResponseLimits(1000, 256, 100, 100);
  static final ErrorContext WHERE = ErrorContext.of("gpu-ward", "m");
  static WireMockServer server;
  static HttpTransport transport;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    transport = HttpTransport.create(SMALL);
  }

  @AfterAll
  static void stop() {
    transport.close();
    server.stop();
  }

  private static WireResponse get(String path, String body, String... headers) {
    var answer =
        aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body);
    for (int i = 0; i < headers.length; i += 2) answer.withHeader(headers[i], headers[i + 1]);
    server.stubFor(WireMock.get(urlEqualTo(path)).willReturn(answer));
    return transport.send(
        new Request.Builder().url(server.baseUrl() + path).get().build(),
        AttemptContext.forModel("m"),
        WHERE);
  }

  @Test
  void aBodyWithinTheLimitIsRead() {
    assertThat(
            get("/small", "{\"a\":\"" + "x".repeat(900) + "\"}")
                .json(AttemptContext.forModel("m"))
                .get("a")
                .asText())
        .hasSize(900);
  }

  @Test
  void aBodyOverTheLimitIsRefusedNamingTheLimitAndProvider() {
    WireResponse r = get("/big", "{\"a\":\"" + "x".repeat(2000) + "\"}");
    assertThatThrownBy(() -> r.json(AttemptContext.forModel("m")))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-response-bytes (1000)")
        .hasMessageContaining("providers.gpu-ward.limits.max-response-bytes")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }

  @Test
  void aDeclaredLengthOverTheLimitIsRefusedWithoutReadingTheBody() {
    WireResponse r =
        get("/declared", "{\"a\":\"" + "x".repeat(2000) + "\"}", "Content-Length", "2008");
    assertThatThrownBy(() -> r.json(AttemptContext.forModel("m")))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-response-bytes (1000)");
    WireResponse typed =
        get("/declared2", "{\"a\":\"" + "x".repeat(2000) + "\"}", "Content-Length", "2008");
    assertThatThrownBy(() -> typed.read(AttemptContext.forModel("m"), int[].class))
        .isInstanceOf(ResponseTooLargeException.class);
  }

  @Test
  void aTypedReadOverTheLimitIsRefusedToo() {
    WireResponse r = get("/big2", "[" + "1,".repeat(1000) + "1]");
    assertThatThrownBy(() -> r.read(AttemptContext.forModel("m"), int[].class))
        .isInstanceOf(ResponseTooLargeException.class)
        .hasMessageContaining("max-response-bytes");
  }

  @Test
  void aRedirectSaysItWasOneAndWhereToByHostOnly() {
    server.stubFor(
        WireMock.get(urlEqualTo("/moved"))
            .willReturn(
                aResponse()
                    .withStatus(302)
                    .withHeader(
                        "Location", "https://login.proxy.example/sso?session=s3cret&mrn=12345")));
    assertThatThrownBy(
            () ->
                transport.send(
                    new Request.Builder().url(server.baseUrl() + "/moved").get().build(),
                    AttemptContext.forModel("m"),
                    WHERE))
        .isInstanceOf(ServiceException.class)
        .hasMessageContaining(
            "redirect (302) to https://login.proxy.example, which is not followed")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("12345")
        .hasMessageNotContaining("/sso")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
  }
}
