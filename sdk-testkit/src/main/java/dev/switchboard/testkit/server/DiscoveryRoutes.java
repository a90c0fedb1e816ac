package dev.switchboard.testkit.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;

/**
 * The discovery and health routes a local model server answers, registered on any WireMock server:
 * what {@link VendorServer} serves, for tests that drive their own WireMock (a provider's own
 * tests, a fixture with scripted faults). Discovery is what {@code switchboard models} and the
 * local providers' {@code status()}/{@code models()} read.
 *
 * <p>Give a priority (WireMock's: 1 is matched first) above a test's catch-all fault stubs so that
 * discovery keeps answering while chat fails; a test that wants a discovery route to fail stubs
 * that route again at the same priority (the later stub wins).
 *
 * <pre>{@code
 * DiscoveryRoutes.ollama(server, 1);                                 // /api/version, /api/tags, /api/show, /
 * DiscoveryRoutes.openAiServer(server, OpenAiServerStubs.Server.VLLM, 1);   // /v1/models, /health, /version
 * }</pre>
 */
public final class DiscoveryRoutes {
  /** WireMock's default priority, used by {@link VendorServer}. */
  public static final int DEFAULT_PRIORITY = 5;

  private DiscoveryRoutes() {}

  /**
   * Ollama: {@code GET /api/version}, {@code GET /api/tags} (one chat model), {@code POST
   * /api/show} (its details and capabilities) and {@code GET /} ("Ollama is running").
   */
  public static void ollama(WireMockServer server, int priority) {
    server.stubFor(
        at(get(urlPathEqualTo("/api/version")), priority).willReturn(json(OllamaStubs.version())));
    server.stubFor(
        at(get(urlPathEqualTo("/api/tags")), priority).willReturn(json(OllamaStubs.tags())));
    server.stubFor(
        at(post(urlPathEqualTo("/api/show")), priority)
            .willReturn(json(OllamaStubs.showChatModel())));
    server.stubFor(at(get(urlPathEqualTo("/")), priority).willReturn(text("Ollama is running")));
  }

  /**
   * An OpenAI-compatible server of the given kind: {@link #models} and {@link #health}, and the
   * kind's own information route: {@code GET /version} (vLLM), {@code GET /props} (llama.cpp),
   * {@code GET /info} (TGI). LM Studio and a generic server have none.
   */
  public static void openAiServer(
      WireMockServer server, OpenAiServerStubs.Server kind, int priority) {
    models(server, kind, priority);
    health(server, kind, priority);
    String model = new OpenAiServerStubs(kind).servedModel();
    switch (kind) {
      case VLLM ->
          server.stubFor(
              at(get(urlPathEqualTo("/version")), priority)
                  .willReturn(json("{\"version\":\"0.11.0\"}")));
      case LLAMA_CPP ->
          server.stubFor(
              at(get(urlPathEqualTo("/props")), priority)
                  .willReturn(
                      json(
                          "{\"build_info\":\"b6250-8a3e9a1c\",\"model_path\":\"/models/"
                              + model
                              + "\",\"default_generation_settings\":{\"n_ctx\":8192},"
                              + "\"modalities\":{\"vision\":false}}")));
      case TGI ->
          server.stubFor(
              at(get(urlPathEqualTo("/info")), priority)
                  .willReturn(
                      json(
                          "{\"model_id\":\""
                              + model
                              + "\",\"version\":\"3.3.4\",\"max_input_tokens\":8191,"
                              + "\"max_total_tokens\":8192}")));
      default -> {
        // LM Studio and a generic server expose only /v1/models.
      }
    }
  }

  /** {@code GET /v1/models}: the one model the server of this kind serves, in its list format. */
  public static void models(WireMockServer server, OpenAiServerStubs.Server kind, int priority) {
    server.stubFor(
        at(get(urlPathEqualTo("/v1/models")), priority)
            .willReturn(json(new OpenAiServerStubs(kind).models())));
  }

  /**
   * {@code GET /health}: 200, with llama.cpp's {@code {"status":"ok"}} body; LM Studio and a
   * generic server have no health route, so none is registered for them.
   */
  public static void health(WireMockServer server, OpenAiServerStubs.Server kind, int priority) {
    switch (kind) {
      case LLAMA_CPP ->
          server.stubFor(
              at(get(urlPathEqualTo("/health")), priority).willReturn(json("{\"status\":\"ok\"}")));
      case VLLM, TGI, GENERIC ->
          server.stubFor(
              at(get(urlPathEqualTo("/health")), priority).willReturn(aResponse().withStatus(200)));
      default -> {
        // LM Studio answers no /health: status reads /v1/models instead.
      }
    }
  }

  /** The routes of a vendor, at the default priority ({@link VendorServer}'s). */
  static void register(WireMockServer server, Vendor vendor) {
    switch (vendor) {
      case OLLAMA -> ollama(server, DEFAULT_PRIORITY);
      case VLLM -> openAiServer(server, OpenAiServerStubs.Server.VLLM, DEFAULT_PRIORITY);
      case LLAMA_CPP -> openAiServer(server, OpenAiServerStubs.Server.LLAMA_CPP, DEFAULT_PRIORITY);
      case TGI -> openAiServer(server, OpenAiServerStubs.Server.TGI, DEFAULT_PRIORITY);
      case LM_STUDIO -> openAiServer(server, OpenAiServerStubs.Server.LM_STUDIO, DEFAULT_PRIORITY);
      default -> {
        // Foundry is never probed: its families have no discovery route the SDK uses.
      }
    }
  }

  private static MappingBuilder at(MappingBuilder m, int priority) {
    return m.atPriority(priority);
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-request-id", "stub-request-1")
        .withBody(body);
  }

  private static ResponseDefinitionBuilder text(String body) {
    return aResponse().withStatus(200).withHeader("Content-Type", "text/plain").withBody(body);
  }
}
