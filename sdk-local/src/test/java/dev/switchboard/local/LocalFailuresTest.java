package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.ServiceUnavailableException;
import dev.switchboard.error.SwitchboardException;
import dev.switchboard.local.internal.ollama.OllamaProvider;
import dev.switchboard.local.internal.openai.OpenAiCompatibleProvider;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.spi.ModelProvider;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** A local server that is down gets a clear, retryable error naming the server and its URL. */
class LocalFailuresTest {

  /**
   * A loopback port nothing listens on: connections to it are refused at once. Port 1 (tcpmux,
   * never served) rather than a freed ephemeral port, which another process on a busy machine may
   * bind meanwhile.
   */
  static int closedPort() {
    return 1;
  }

  private static void assertDown(ModelProvider provider, String label) {
    assertThatThrownBy(
            () ->
                provider.chat(
                    ChatRequest.builder().user("Summarize for Jane Roe").build(),
                    AttemptContext.forModel("m")))
        .isInstanceOf(ServiceUnavailableException.class)
        .hasMessageContaining(
            "the " + label + " is not reachable (connection refused): is it running?")
        .hasMessageNotContaining("Jane Roe")
        .satisfies(e -> assertThat(((SwitchboardException) e).retryable()).isTrue())
        .satisfies(e -> assertThat(((SwitchboardException) e).provider()).isPresent());
  }

  @Test
  void anOllamaServerThatIsDownIsNamedWithItsUrl() throws IOException {
    int port = closedPort();
    OllamaConfig config =
        OllamaConfig.builder().baseUrl(URI.create("http://127.0.0.1:" + port)).build();
    try (OllamaProvider p = OllamaProvider.create("gpu-ward", config)) {
      assertDown(p, "Ollama server at http://127.0.0.1:" + port);
      assertThat(p.status()).isEqualTo(ServerStatus.down("connection refused"));
    }
  }

  @Test
  void anOpenAiCompatibleServerThatIsDownIsNamedWithItsUrl() throws IOException {
    int port = closedPort();
    OpenAiCompatibleConfig config =
        OpenAiCompatibleConfig.builder()
            .server(LocalServer.VLLM)
            .baseUrl(URI.create("http://127.0.0.1:" + port + "/v1"))
            .build();
    try (OpenAiCompatibleProvider p = OpenAiCompatibleProvider.create("gpu-vllm", config)) {
      assertDown(p, "vLLM server at http://127.0.0.1:" + port + "/v1");
      assertThat(p.status().describe()).isEqualTo("down: connection refused");
    }
  }

  @Test
  void theCallerSeesTheSameErrorThroughTheClient() throws IOException {
    int port = closedPort();
    OpenAiCompatibleConfig config =
        OpenAiCompatibleConfig.builder()
            .server(LocalServer.LLAMA_CPP)
            .baseUrl(URI.create("http://127.0.0.1:" + port))
            .build();
    try (ModelClient client =
        ModelClient.builder()
            .provider("llama", config)
            .route("notes", Route.of("llama", "qwen2.5-7b"))
            .build()) {
      assertThatThrownBy(() -> client.chat(ChatRequest.builder().user("x").build()))
          .isInstanceOf(ServiceUnavailableException.class)
          .hasMessageContaining("llama.cpp server at http://127.0.0.1:" + port)
          .hasMessageContaining("provider=llama, model=qwen2.5-7b");
    }
  }

  @Test
  void aDownServerCostsOneQuickProbePerHalfMinuteNotOnePerCall() throws IOException {
    int port = closedPort();
    AtomicLong now = new AtomicLong();
    OllamaConfig config =
        OllamaConfig.builder()
            .baseUrl(URI.create("http://127.0.0.1:" + port))
            .discoveryTimeout(Duration.ofMillis(500))
            .build();
    CountingTransport counting = new CountingTransport();
    try (OllamaProvider p = new OllamaProvider("gpu-ward", config, counting.transport, now::get)) {
      assertThat(p.capabilities("llama3.1:8b").tools()).isTrue(); // defaults when discovery fails
      p.capabilities("llama3.1:8b");
      assertThat(counting.calls.get()).isEqualTo(1);
      now.addAndGet(Duration.ofSeconds(31).toNanos());
      p.capabilities("llama3.1:8b");
      assertThat(counting.calls.get()).isEqualTo(2);
    }
  }

  /** A transport that counts the requests it is asked to send. */
  static final class CountingTransport {
    final AtomicLong calls = new AtomicLong();
    final HttpTransport transport =
        HttpTransport.over(
            HttpTransport.defaultClient()
                .addInterceptor(
                    chain -> {
                      calls.incrementAndGet();
                      return chain.proceed(chain.request());
                    })
                .build());
  }
}
