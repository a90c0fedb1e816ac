package dev.switchboard.wire.internal.http;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.switchboard.error.DecodingException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.TransportException;
import dev.switchboard.spi.AttemptContext;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import okhttp3.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The shared "parse a 2xx body" step: JSON, typed records, and what goes wrong reading them. */
class WireResponseTest {
  /**
   * WireMock's own JUnit extension starts and stops the server, instead of a static field and two
   * hooks.
   */
  @RegisterExtension
  static final WireMockExtension server =
      WireMockExtension.newInstance()
          .options(options().bindAddress("127.0.0.1").dynamicPort())
          .build();

  static final HttpTransport transport = HttpTransport.create();
  static final ErrorContext WHERE = ErrorContext.of("p", "m");

  @AfterAll
  static void stop() {
    transport.close();
  }

  private static WireResponse answer(
      String path, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder body) {
    server.stubFor(
        WireMock.get(urlEqualTo(path)).willReturn(body.withHeader("apim-request-id", "apim-3")));
    Request r = new Request.Builder().url(server.baseUrl() + path).get().build();
    return transport.send(r, AttemptContext.forModel("m"), WHERE);
  }

  record Version(String version) {}

  @Test
  void readsJsonAndTypedRecordsAndKeepsTheRequestId() {
    WireResponse r =
        answer("/j", aResponse().withStatus(200).withBody("{\"version\":\"0.12.6\",\"extra\":1}"));
    assertThat(r.json(AttemptContext.forModel("m")).path("version").asText()).isEqualTo("0.12.6");
    assertThat(r.requestId()).isEqualTo("apim-3");
    WireResponse typed =
        answer("/t", aResponse().withStatus(200).withBody("{\"version\":\"0.12.6\",\"extra\":1}"));
    assertThat(typed.read(AttemptContext.forModel("m"), Version.class))
        .isEqualTo(new Version("0.12.6"));
  }

  @Test
  void badOrEmptyJsonIsADecodingErrorWithTheRequestId() {
    for (String body : new String[] {"<html>gateway</html>", ""}) {
      WireResponse r = answer("/bad", aResponse().withStatus(200).withBody(body));
      assertThatThrownBy(() -> r.json(AttemptContext.forModel("m")))
          .isInstanceOf(DecodingException.class)
          .hasMessageContaining("not valid JSON")
          .satisfies(e -> assertThat(((DecodingException) e).requestId()).contains("apim-3"));
    }
    WireResponse typed = answer("/shape", aResponse().withStatus(200).withBody("[1,2]"));
    assertThatThrownBy(() -> typed.read(AttemptContext.forModel("m"), Version.class))
        .isInstanceOf(DecodingException.class)
        .hasMessageContaining("not the expected JSON");
  }

  @Test
  void aBadBodysTextIsInNoMessageOfTheFailureOrItsCauses() throws Exception {
    String note = "<html>Patient Jane Roe, MRN 00482913</html>";
    WireResponse inPlace = rawAnswer(withLength(note));
    WireResponse streamed = answer("/note", aResponse().withStatus(200).withBody(note));
    for (WireResponse r : new WireResponse[] {inPlace, streamed}) {
      assertThatThrownBy(() -> r.json(AttemptContext.forModel("m")))
          .isInstanceOf(DecodingException.class)
          .satisfies(
              e -> {
                for (Throwable t = e; t != null; t = t.getCause()) {
                  assertThat(String.valueOf(t.getMessage()))
                      .doesNotContain("Jane")
                      .doesNotContain("00482913");
                }
              });
    }
  }

  @Test
  void aBodyCutOffMidReadIsATransportFailure() {
    WireResponse r =
        answer("/cut", aResponse().withStatus(200).withFault(Fault.MALFORMED_RESPONSE_CHUNK));
    assertThatThrownBy(() -> r.json(AttemptContext.forModel("m")))
        .isInstanceOf(TransportException.class);
  }

  @Test
  void aBodyIsReadAlikeWhateverItsFramingAndSize() throws Exception {
    String json = "{\"version\":\"0.12.6\",\"extra\":1}";
    String declared = withLength(json);
    String chunked =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n"
            + "Connection: close\r\n\r\n"
            + Integer.toHexString(10)
            + "\r\n"
            + json.substring(0, 10)
            + "\r\n"
            + Integer.toHexString(json.length() - 10)
            + "\r\n"
            + json.substring(10)
            + "\r\n0\r\n\r\n";
    String overSegments = // read whole, but over several of Okio's 8 KiB segments
        declared(20_000);
    String overWholeMax = // longer than WHOLE_BODY_MAX: parsed as it streams in
        declared((int) WireResponse.WHOLE_BODY_MAX + 1000);
    for (String raw : new String[] {declared, chunked, overSegments, overWholeMax}) {
      assertThat(rawAnswer(raw).json(AttemptContext.forModel("m")).path("version").asText())
          .isEqualTo("0.12.6");
      assertThat(rawAnswer(raw).read(AttemptContext.forModel("m"), Version.class))
          .isEqualTo(new Version("0.12.6"));
    }
  }

  @Test
  void aBodyShorterThanItsDeclaredLengthIsATransportFailureNotBadJson() throws Exception {
    // the JSON so far is valid and complete: only the declared length says the body was cut
    String raw =
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 400\r\n"
            + "Connection: close\r\n\r\n{\"version\":\"0.12.6\"}";
    assertThatThrownBy(() -> rawAnswer(raw).json(AttemptContext.forModel("m")))
        .isInstanceOf(TransportException.class)
        .satisfies(e -> assertThat(((TransportException) e).retryable()).isTrue());
    assertThatThrownBy(() -> rawAnswer(raw).read(AttemptContext.forModel("m"), Version.class))
        .isInstanceOf(TransportException.class)
        .satisfies(e -> assertThat(((TransportException) e).retryable()).isTrue());
  }

  /** A response declaring its length, with a JSON body of about {@code size} bytes. */
  private static String declared(int size) {
    return withLength("{\"version\":\"0.12.6\",\"pad\":\"" + "x".repeat(size) + "\"}");
  }

  /** A 200 response with {@code body} (ASCII) and its declared length. */
  private static String withLength(String body) {
    return "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
        + body.length()
        + "\r\nConnection: close\r\n\r\n"
        + body;
  }

  /**
   * A response written byte for byte by a one-shot loopback server (WireMock chooses its own
   * framing), for the framings a real server may choose and the ones a broken one sends.
   */
  private static WireResponse rawAnswer(String response) throws IOException {
    ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    Thread serving =
        new Thread(
            () -> {
              try (listener;
                  Socket s = listener.accept()) {
                BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                for (String line = in.readLine(); line != null && !line.isEmpty(); ) {
                  line = in.readLine(); // the request head; a GET has no body
                }
                s.getOutputStream().write(response.getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            },
            "raw-answer");
    serving.setDaemon(true);
    serving.start();
    Request r =
        new Request.Builder()
            .url("http://127.0.0.1:" + listener.getLocalPort() + "/r")
            .get()
            .build();
    return transport.send(r, AttemptContext.forModel("m"), WHERE);
  }
}
