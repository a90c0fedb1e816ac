package dev.switchboard.wire.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.spi.AttemptContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The transport's sockets read blocking once connected, while every read timeout still fires: the
 * exchange's through Okio, a TLS handshake's and OkHttp's health probe's on the socket.
 */
class BlockingReadSocketFactoryTest {
  private static final ErrorContext WHERE = ErrorContext.of("p", "m");
  private static final String ANSWER =
      "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}";

  /** Accepts connections and answers each request with {@link #ANSWER}, or with nothing. */
  private ServerSocket server;

  private volatile boolean answer = true;
  private final List<Socket> accepted = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread acceptor =
        new Thread(
            () -> {
              try {
                while (true) {
                  Socket s = server.accept();
                  accepted.add(s);
                  Thread serve = new Thread(() -> serve(s));
                  serve.setDaemon(true);
                  serve.start();
                }
              } catch (IOException closed) {
                // the test is over
              }
            });
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** Reads requests (a GET's head ends with an empty line) and answers while told to. */
  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      int matched = 0;
      int b;
      while ((b = in.read()) != -1) {
        matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        if (matched == 4) {
          matched = 0;
          if (answer) {
            out.write(ANSWER.getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
        }
      }
    } catch (IOException closed) {
      // the client went away, or the test is over
    }
  }

  @AfterEach
  void stop() throws IOException {
    server.close();
    for (Socket s : accepted) s.close();
  }

  private static BlockingReadSocketFactory.BlockingReadSocket socket() {
    return (BlockingReadSocketFactory.BlockingReadSocket)
        new BlockingReadSocketFactory().createSocket();
  }

  private static AttemptContext ctx(Duration read, Duration deadline) {
    return new AttemptContext(
        "call", 1, "m", "cid", Duration.ofSeconds(5), read, System.nanoTime() + deadline.toNanos());
  }

  private Request get(String scheme) {
    return new Request.Builder()
        .url(scheme + "://127.0.0.1:" + server.getLocalPort() + "/")
        .get()
        .build();
  }

  @Test
  void aLongTimeoutSetOnceConnectedIsLeftToOkioAndReadBack() throws IOException {
    try (BlockingReadSocketFactory.BlockingReadSocket s = socket()) {
      s.setSoTimeout(60_000); // before connecting: it bounds a TLS handshake, so it stays
      assertThat(s.appliedSoTimeout()).isEqualTo(60_000);
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));

      s.setSoTimeout(60_000); // an exchange's read timeout: Okio enforces it
      assertThat(s.appliedSoTimeout()).isZero();
      assertThat(s.getSoTimeout()).isEqualTo(60_000);

      s.setSoTimeout(999); // short ones stay
      assertThat(s.appliedSoTimeout()).isEqualTo(999);
      s.setSoTimeout(0);
      assertThat(s.appliedSoTimeout()).isZero();
      assertThatThrownBy(() -> s.setSoTimeout(-1)).isInstanceOf(IllegalArgumentException.class);
      assertThat(s.getSoTimeout()).isZero();
    }
  }

  @Test
  void theFactorysConnectingFormsGiveConnectedSocketsOfTheSameKind() throws IOException {
    BlockingReadSocketFactory factory = new BlockingReadSocketFactory();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    int port = server.getLocalPort();
    List<Socket> made =
        List.of(
            factory.createSocket("127.0.0.1", port),
            factory.createSocket("127.0.0.1", port, loopback, 0),
            factory.createSocket(loopback, port),
            factory.createSocket(loopback, port, loopback, 0));
    for (Socket s : made) {
      try (s) {
        assertThat(s).isInstanceOf(BlockingReadSocketFactory.BlockingReadSocket.class);
        assertThat(s.isConnected()).isTrue();
        s.setSoTimeout(60_000);
        assertThat(((BlockingReadSocketFactory.BlockingReadSocket) s).appliedSoTimeout()).isZero();
      }
    }
  }

  @Test
  void theHealthProbesOneMillisecondStillTimesOutAndIsUndone() throws IOException {
    answer = false;
    try (BlockingReadSocketFactory.BlockingReadSocket s = socket()) {
      s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort()));
      s.setSoTimeout(60_000);

      // what OkHttp's health check of an idle pooled connection does: a 1 ms read on a quiet
      // socket must time out (a healthy connection), not wait for the server
      int saved = s.getSoTimeout();
      s.setSoTimeout(1);
      assertTimeoutPreemptively(
          Duration.ofSeconds(30),
          () ->
              assertThatThrownBy(() -> s.getInputStream().read())
                  .isInstanceOf(SocketTimeoutException.class));
      s.setSoTimeout(saved);

      assertThat(s.appliedSoTimeout()).isZero();
      assertThat(s.getSoTimeout()).isEqualTo(60_000);
    }
  }

  @Test
  void anExchangeReadsBlockingWithItsReadTimeoutAskedFor() throws IOException {
    List<Socket> used = new CopyOnWriteArrayList<>();
    OkHttpClient client =
        HttpTransport.defaultClient()
            .addNetworkInterceptor(
                chain -> {
                  used.add(chain.connection().socket());
                  return chain.proceed(chain.request());
                })
            .build();
    try (HttpTransport transport = HttpTransport.over(client)) {
      for (int i = 0; i < 2; i++) {
        AttemptContext ctx = ctx(Duration.ofSeconds(7), Duration.ofMinutes(1));
        try (WireResponse r = transport.send(get("http"), ctx, WHERE)) {
          assertThat(r.json(ctx).isObject()).isTrue();
        }
      }
    }

    assertThat(used).hasSize(2);
    assertThat(used.get(1)).isSameAs(used.get(0)); // the pooled connection, reused
    BlockingReadSocketFactory.BlockingReadSocket s =
        (BlockingReadSocketFactory.BlockingReadSocket) used.get(0);
    assertThat(s.getSoTimeout()).isEqualTo(7_000); // what OkHttp set for the exchange
    assertThat(s.appliedSoTimeout()).isZero(); // left to Okio: the socket reads blocking
    client.connectionPool().evictAll();
  }

  /** A send to the silent server fails at its 1.5 s read timeout, long before its deadline. */
  private void failsAtTheReadTimeout(String scheme) {
    answer = false;
    try (HttpTransport transport = HttpTransport.create()) {
      assertTimeoutPreemptively(
          Duration.ofSeconds(60),
          () ->
              assertThatThrownBy(
                      () ->
                          transport.send(
                              get(scheme),
                              ctx(Duration.ofMillis(1_500), Duration.ofMinutes(10)),
                              WHERE))
                  .isInstanceOf(CallTimeoutException.class)
                  .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue()));
    }
  }

  @Test
  void anExchangesReadTimeoutStillFailsTheAttemptThroughOkio() {
    failsAtTheReadTimeout("http"); // a timeout the socket leaves to Okio
  }

  @Test
  void aTlsHandshakeWithASilentServerIsBoundedByTheReadTimeout() {
    failsAtTheReadTimeout("https"); // the server reads the ClientHello and never answers it
  }
}
