package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.TransportException;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.spi.ProviderConfig;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * {@code chatAsync(...).cancel(true)} and {@code embedAsync(...).cancel(true)} abort the HTTP call:
 * the server sees its connection closed, as llama.cpp's {@code llama-server} must to stop
 * generating, and no retry follows. The server here reads the request and never answers, like a
 * llama.cpp server generating a long unary answer; it records when the client closes the socket.
 */
class AsyncCancelTest {
  /** Generous bounds for a loaded machine; the events themselves, not their timing, are checked. */
  private static final long WAIT_SECONDS = 30;

  @Test
  void cancellingChatAsyncOnLlamaCppClosesTheConnectionAndNoRetryFollows() throws Exception {
    cancelledCallClosesTheConnection(
        port ->
            OpenAiCompatibleConfig.builder()
                .server(LocalServer.LLAMA_CPP)
                .baseUrl(URI.create("http://127.0.0.1:" + port))
                .discoverCapabilities(false)
                .build(),
        client -> client.chatAsync(ChatRequest.builder().user("write a long story").build()),
        "POST /v1/chat/completions");
  }

  @Test
  void cancellingEmbedAsyncOnLlamaCppClosesTheConnectionAndNoRetryFollows() throws Exception {
    cancelledCallClosesTheConnection(
        port ->
            OpenAiCompatibleConfig.builder()
                .server(LocalServer.LLAMA_CPP)
                .baseUrl(URI.create("http://127.0.0.1:" + port))
                .discoverCapabilities(false)
                .build(),
        client -> client.embedAsync(EmbeddingRequest.builder().input("a note").build()),
        "POST /v1/embeddings");
  }

  @Test
  void cancellingChatAsyncOnOllamaClosesTheConnectionAndNoRetryFollows() throws Exception {
    cancelledCallClosesTheConnection(
        port ->
            OllamaConfig.builder()
                .baseUrl(URI.create("http://127.0.0.1:" + port))
                .discoverCapabilities(false)
                .build(),
        client -> client.chatAsync(ChatRequest.builder().user("write a long story").build()),
        "POST /api/chat");
  }

  private static void cancelledCallClosesTheConnection(
      Function<Integer, ProviderConfig> config,
      Function<ModelClient, CompletableFuture<?>> start,
      String requestLine)
      throws Exception {
    Recorder recorder = new Recorder();
    try (SilentServer server = new SilentServer();
        ModelClient client =
            ModelClient.builder()
                .provider("local", config.apply(server.port()))
                .route("m", Route.of("local", "model-a"))
                .addListener(recorder)
                .build()) {
      CompletableFuture<?> future = start.apply(client);
      assertThat(server.events.poll(WAIT_SECONDS, TimeUnit.SECONDS)).startsWith(requestLine);

      assertThat(future.cancel(true)).isTrue();

      assertThat(server.events.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isEqualTo("closed");
      assertThat(recorder.failed.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
      assertThat(recorder.attempts.get()).isEqualTo(1);
      assertThat(recorder.failure.get())
          .isInstanceOf(TransportException.class)
          .hasMessageContaining("the call was cancelled");
      assertThat(((TransportException) recorder.failure.get()).retryable()).isFalse();
      assertThat(server.connections.get()).isEqualTo(1);
      assertThat(future).isCancelled();
    }
  }

  /** Counts attempts and keeps the call's failure. */
  private static final class Recorder implements CallListener {
    final AtomicInteger attempts = new AtomicInteger();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch failed = new CountDownLatch(1);

    @Override
    public void attemptStarted(AttemptStarted event) {
      attempts.incrementAndGet();
    }

    @Override
    public void callFailed(CallFailed event) {
      failure.set(event.failure());
      failed.countDown();
    }
  }

  /**
   * A loopback HTTP server that reads each request's head, never answers, and reports the request
   * line and then {@code closed} when the client closes the connection.
   */
  private static final class SilentServer implements AutoCloseable {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    final AtomicInteger connections = new AtomicInteger();
    private final ServerSocket socket;

    SilentServer() throws IOException {
      socket = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
      Thread acceptor = new Thread(this::accept, "silent-server");
      acceptor.setDaemon(true);
      acceptor.start();
    }

    int port() {
      return socket.getLocalPort();
    }

    private void accept() {
      while (!socket.isClosed()) {
        try {
          Socket s = socket.accept();
          connections.incrementAndGet();
          Thread t = new Thread(() -> hold(s), "silent-connection");
          t.setDaemon(true);
          t.start();
        } catch (IOException e) {
          return; // closed
        }
      }
    }

    private void hold(Socket s) {
      try (s) {
        BufferedReader in =
            new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
        events.add(in.readLine());
        while (in.read() >= 0) {
          // the body and then nothing: the client is waiting for an answer that never comes
        }
      } catch (IOException e) {
        // a reset is a close too
      }
      events.add("closed");
    }

    @Override
    public void close() throws IOException {
      socket.close();
    }
  }
}
