package dev.switchboard.observability;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.util.List;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An OpenAI-compatible chat endpoint on loopback (WireMock), started before and stopped after each
 * test of the class that registers it: the telemetry's HTTP tests share it instead of each setting
 * up its own server and answer.
 */
final class LoopbackChatServer implements BeforeEachCallback, AfterEachCallback {
  private final String responseId;
  private WireMockServer server;

  /**
   * @param responseId the {@code id} of the chat completion every POST is answered with
   */
  LoopbackChatServer(String responseId) {
    this.responseId = responseId;
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    server.stubFor(
        post(urlPathEqualTo("/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        """
                        {"id":"%s","object":"chat.completion","created":1,"model":"llama-3-8b",
                         "choices":[{"index":0,"message":{"role":"assistant","content":"Stable."},"finish_reason":"stop"}],
                         "usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}
                        """
                            .formatted(responseId))));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    server.stop();
  }

  int port() {
    return server.port();
  }

  /** {@code http://localhost:<port>}. */
  String baseUrl() {
    return server.baseUrl();
  }

  /**
   * A config line for an OpenAI-compatible (vLLM) provider on this server, to put under {@code
   * providers:}.
   */
  String provider(String id, String host) {
    return "  %s: { type: openai-compatible, server: vllm, base-url: \"http://%s:%d/v1\" }"
        .formatted(id, host, port());
  }

  /** The chat completion POSTs received (the adapter may also probe the server). */
  List<LoggedRequest> chatPosts() {
    return server.getAllServeEvents().stream()
        .map(ServeEvent::getRequest)
        .filter(r -> r.getMethod().getName().equals("POST"))
        .filter(r -> r.getUrl().startsWith("/v1/chat/completions"))
        .toList();
  }
}
