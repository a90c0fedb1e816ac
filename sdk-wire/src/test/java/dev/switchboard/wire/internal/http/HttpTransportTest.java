package dev.switchboard.wire.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import java.time.Duration;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpTransportTest {
  static WireMockServer server;
  static HttpTransport transport;
  static final ErrorContext WHERE = ErrorContext.of("p", "m");

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    transport = HttpTransport.create();
  }

  @AfterAll
  static void stop() {
    transport.close();
    server.stop();
  }

  private static Request get(String path) {
    return new Request.Builder().url(server.baseUrl() + path).get().build();
  }

  private static AttemptContext ctx(Duration read, Duration deadline) {
    return new AttemptContext(
        "call", 1, "m", "cid", Duration.ofSeconds(2), read, System.nanoTime() + deadline.toNanos());
  }

  @Test
  void capturesRequestIdsAndAllowListedMetadata() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/ok"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("x-request-id", "xr-1")
                    .withHeader("apim-request-id", "apim-1")
                    .withHeader("x-ms-region", "East US")
                    .withHeader("set-cookie", "secret=1")
                    .withHeader("x-ratelimit-remaining-tokens", "999")
                    .withBody("{}")));
    try (WireResponse r =
        transport.send(get("/ok"), ctx(Duration.ofSeconds(5), Duration.ofSeconds(10)), WHERE)) {
      assertThat(r.requestId()).isEqualTo("apim-1");
      assertThat(r.metadata())
          .containsEntry("x-request-id", "xr-1")
          .containsEntry("x-ms-region", "East US")
          .containsEntry("x-ratelimit-remaining-tokens", "999")
          .doesNotContainKey("set-cookie");
    }
  }

  @Test
  void errorStatusIsMappedWithRequestId() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/429"))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("retry-after", "3")
                    .withHeader("x-request-id", "xr-2")
                    .withBody("{\"error\":{\"code\":\"429\",\"message\":\"slow\"}}")));
    assertThatThrownBy(
            () ->
                transport.send(
                    get("/429"), ctx(Duration.ofSeconds(5), Duration.ofSeconds(10)), WHERE))
        .isInstanceOf(RateLimitedException.class)
        .satisfies(e -> assertThat(((SwitchboardException) e).requestId()).contains("xr-2"));
  }

  @Test
  void readTimeoutIsARetryableCallTimeout() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/slow"))
            // far past the 100 ms timeout: a starved client thread must not see the answer in time
            .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withBody("{}")));
    assertThatThrownBy(
            () ->
                transport.send(
                    get("/slow"), ctx(Duration.ofMillis(100), Duration.ofSeconds(10)), WHERE))
        .isInstanceOf(CallTimeoutException.class)
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
  }

  @Test
  void callDeadlineBoundsTheAttemptAndIsNotRetryable() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/slow2"))
            .willReturn(aResponse().withStatus(200).withFixedDelay(2_000).withBody("{}")));
    assertThatThrownBy(
            () ->
                transport.send(
                    get("/slow2"), ctx(Duration.ofSeconds(5), Duration.ofMillis(120)), WHERE))
        .isInstanceOf(CallTimeoutException.class)
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isFalse());
    assertThatThrownBy(
            () ->
                transport.send(
                    get("/slow2"), ctx(Duration.ofSeconds(5), Duration.ofMillis(-1)), WHERE))
        .isInstanceOf(CallTimeoutException.class)
        .hasMessageContaining("before the attempt started");
  }

  @Test
  void aTimeoutClampedToTheTimeLeftIsRoundedUpSoItCannotFireBeforeTheDeadline() {
    // 119.4 ms left: a read timeout of 119 ms could end the read before the deadline, and the
    // failure would then be taken for a retryable read timeout rather than the deadline
    okhttp3.OkHttpClient c = transport.clientFor(119_400_000L, 119_400_000L);
    assertThat(c.readTimeoutMillis()).isEqualTo(120);
    assertThat(c.connectTimeoutMillis()).isEqualTo(120);
    assertThat(transport.clientFor(1_000L, 120_000_000L).connectTimeoutMillis()).isEqualTo(1);
    assertThat(transport.clientFor(120_000_000L, 120_000_000L).readTimeoutMillis()).isEqualTo(120);
  }

  @Test
  void aStreamIsBoundedByTheDeadlineEvenWhileBytesKeepComing() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/drip"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("data: x\n\n".repeat(40))
                    .withChunkedDribbleDelay(40, 20_000)));
    long start = System.nanoTime();
    // every read returns within the read timeout; only the deadline can stop this, while waiting
    // for the headers or while reading the body
    assertThatThrownBy(
            () -> {
              try (WireResponse r =
                  transport.sendStreaming(
                      get("/drip"), ctx(Duration.ofSeconds(5), Duration.ofMillis(400)), WHERE)) {
                r.source().readByteArray();
              }
            })
        .isInstanceOfAny(CallTimeoutException.class, java.io.IOException.class);
    // the server would take 20 s; ending well before that shows the 400 ms deadline held, with
    // room for a loaded machine's scheduling delays
    assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(10_000);
  }

  @Test
  void aFarDeadlineIsHeldByTheReaperWithinATick() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/drip2"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("data: x\n\n".repeat(40))
                    .withChunkedDribbleDelay(40, 20_000)));
    long start = System.nanoTime();
    assertThatThrownBy(
            () -> {
              try (WireResponse r =
                  transport.sendStreaming(
                      get("/drip2"), ctx(Duration.ofSeconds(5), Duration.ofMillis(700)), WHERE)) {
                r.source().readByteArray();
              }
            })
        .isInstanceOfAny(CallTimeoutException.class, java.io.IOException.class);
    long millis = (System.nanoTime() - start) / 1_000_000;
    // not before the deadline; well before the server's 20 s, whatever the machine's load
    assertThat(millis).isBetween(650L, 10_000L);
  }

  @Test
  void finishedCallsAreNoLongerWatched() throws Exception {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/quick"))
            .willReturn(aResponse().withStatus(200).withBody("{}")));
    int before = DeadlineReaper.watched();
    for (int i = 0; i < 20; i++) {
      try (WireResponse r =
          transport.send(
              get("/quick"), ctx(Duration.ofSeconds(5), Duration.ofSeconds(30)), WHERE)) {
        r.source().readByteArray();
      }
    }
    assertThat(DeadlineReaper.watched()).isLessThanOrEqualTo(before);
  }

  @Test
  void connectionResetIsARetryableTransportError() {
    server.stubFor(
        com.github.tomakehurst.wiremock.client.WireMock.get(urlEqualTo("/reset"))
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
    assertThatThrownBy(
            () ->
                transport.send(
                    get("/reset"), ctx(Duration.ofSeconds(5), Duration.ofSeconds(10)), WHERE))
        .isInstanceOf(TransportException.class)
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue());
  }
}
