package dev.switchboard.testkit.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;
import dev.switchboard.usage.Usage;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WireMock server on a free loopback port that speaks one {@link Vendor}'s wire format: chat
 * (whole and streamed), tool calls, embeddings, the vendor's discovery and health routes, and
 * scripted faults. Every request is recorded as the vendor received it ({@link #requests()}).
 *
 * <pre>{@code
 * try (VendorServer ollama = VendorServer.start(Vendor.OLLAMA);
 *     ModelClient client = ModelClient.fromYaml(ollama.config())) {
 *   ollama.answer("Stable; discharge home.");
 *   client.chat("Summarize: ...");
 *   assertThat(ollama.lastRequest().messageTexts()).contains("Summarize: ...");
 * }
 * }</pre>
 *
 * <p>Answers are the same whatever is asked, until changed with {@link #answer}; one-shot replies
 * ({@link #failNext}, {@link #toolCallNext}) answer the next chat request only, in the order they
 * were scripted. Not thread-safe for scripting; the server itself serves concurrently.
 */
public final class VendorServer implements AutoCloseable {
  /** The usage every answer reports. */
  public static final Usage USAGE = Usage.of(42, 12);

  /** The text answered until {@link #answer} changes it. */
  public static final String DEFAULT_ANSWER = "Stub answer from the vendor server.";

  private static final int MAX_EMBEDDING_INPUTS = 32;

  private static final boolean COST_MODULE_PRESENT = present("dev.switchboard.cost.CostTracking");

  private static boolean present(String className) {
    try {
      Class.forName(className, false, VendorServer.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  private final Vendor vendor;
  private final WireMockServer server;
  private final List<StubMapping> answerStubs = new ArrayList<>();
  private final AtomicInteger oneShots = new AtomicInteger();

  private VendorServer(Vendor vendor) {
    this.vendor = vendor;
    this.server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    answer(DEFAULT_ANSWER);
    embeddings();
    discovery();
  }

  /** Starts a server for the vendor on a free loopback port. */
  public static VendorServer start(Vendor vendor) {
    return new VendorServer(vendor);
  }

  /** The vendor this server speaks. */
  public Vendor vendor() {
    return vendor;
  }

  /** {@code http://127.0.0.1:PORT}. */
  public String baseUrl() {
    return server.baseUrl();
  }

  /**
   * A complete Switchboard config pointing at this server: provider {@code stub}, logical models
   * {@code assistant} (the default) and, where the vendor embeds, {@code embeddings} (the default
   * embedding model); two attempts per call with millisecond backoff, so fault tests run fast. When
   * the cost module is on the class path, the provider declares a price (1.00 in, 4.00 out per
   * million tokens), so that cost tracking prices every call.
   */
  public String config() {
    StringBuilder sb = new StringBuilder();
    sb.append("default-model: assistant\n");
    vendor.embeddingModel().ifPresent(m -> sb.append("default-embedding-model: embeddings\n"));
    String provider = vendor.providerYaml(baseUrl());
    if (COST_MODULE_PRESENT) {
      // With cost tracking on the class path, a Foundry deployment without a catalog price is
      // refused before sending; the stub's models get a price of their own.
      provider =
          provider.substring(0, provider.length() - 1)
              + ", pricing: { input-per-million: 1.00, output-per-million: 4.00 } }";
    }
    sb.append("providers:\n  stub: ").append(provider).append('\n');
    sb.append("models:\n  assistant: { provider: stub, model: \"")
        .append(vendor.chatModel())
        .append("\" }\n");
    vendor
        .embeddingModel()
        .ifPresent(
            m -> sb.append("  embeddings: { provider: stub, model: \"").append(m).append("\" }\n"));
    sb.append(
        "resilience:\n  retry: { max-attempts: 2, initial-backoff: 1ms, max-backoff: 5ms }\n");
    return sb.toString();
  }

  /** A client built from {@link #config()}; the caller closes it. */
  public ModelClient client() {
    return ModelClient.fromYaml(config());
  }

  /** Answers every later chat request (whole or streamed) with this text. */
  public VendorServer answer(String text) {
    answerStubs.forEach(server::removeStub);
    answerStubs.clear();
    answerStubs.add(server.stubFor(chat(false).atPriority(10).willReturn(json(whole(text)))));
    answerStubs.add(server.stubFor(chat(true).atPriority(9).willReturn(stream(streamed(text)))));
    return this;
  }

  /**
   * Answers the next chat request with a call of this tool (whole or streamed, as asked); later
   * requests get the text answer again, as a model does once it has the tool's result.
   */
  public VendorServer toolCallNext(String toolName, String argumentsJson) {
    List<ToolCall> calls = List.of(new ToolCall("call_" + oneShots.get(), toolName, argumentsJson));
    return oneShot(json(toolWhole(calls)), stream(toolStreamed(calls)));
  }

  /** Answers the next chat request with this fault. */
  public VendorServer failNext(Fault fault) {
    ResponseDefinitionBuilder r = fault(fault);
    return oneShot(r, r);
  }

  /** Every request received, oldest first. */
  public List<ReceivedRequest> requests() {
    List<ServeEvent> events = new ArrayList<>(server.getAllServeEvents());
    Collections.reverse(events); // WireMock lists the newest first
    List<ReceivedRequest> out = new ArrayList<>();
    for (ServeEvent e : events) out.add(received(e.getRequest()));
    return out;
  }

  /** The chat requests received, oldest first. */
  public List<ReceivedRequest> chatRequests() {
    return requests().stream()
        .filter(r -> r.method().equals("POST") && r.path().matches(vendor.chatPath))
        .toList();
  }

  /**
   * The last chat request received.
   *
   * @throws IllegalStateException if none was
   */
  public ReceivedRequest lastRequest() {
    List<ReceivedRequest> chats = chatRequests();
    if (chats.isEmpty()) throw new IllegalStateException("no chat request reached " + vendor);
    return chats.get(chats.size() - 1);
  }

  /** Forgets the recorded requests and pending one-shot replies; the answer stays. */
  public void reset() {
    server.resetRequests();
    server.resetScenarios();
    for (StubMapping m : List.copyOf(server.getStubMappings())) {
      if (m.getScenarioName() != null) server.removeStub(m);
    }
  }

  /** Stops the server. */
  @Override
  public void close() {
    server.stop();
  }

  // --- routes -----------------------------------------------------------------------------

  private MappingBuilder chat(boolean streamed) {
    MappingBuilder b = post(urlPathMatching(vendor.chatPath));
    if (streamed) b = b.withRequestBody(matchingJsonPath("$.stream", equalTo("true")));
    return b;
  }

  private VendorServer oneShot(ResponseDefinitionBuilder whole, ResponseDefinitionBuilder stream) {
    // Each one-shot is a scenario of its own that a request spends; the earlier one-shot has the
    // higher priority, so they are answered in the order they were scripted.
    int n = oneShots.incrementAndGet();
    String scenario = "one-shot-" + n;
    int priority = Math.min(8, n); // below the answer's 9 and 10, earlier first
    server.stubFor(
        chat(true)
            .atPriority(priority)
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("spent")
            .willReturn(stream));
    server.stubFor(
        chat(false)
            .atPriority(priority)
            .inScenario(scenario)
            .whenScenarioStateIs(Scenario.STARTED)
            .willSetStateTo("spent")
            .willReturn(whole));
    return this;
  }

  private void embeddings() {
    if (vendor.embeddingsPath == null) return;
    for (int n = 1; n <= MAX_EMBEDDING_INPUTS; n++) {
      List<float[]> vectors = new ArrayList<>();
      for (int i = 0; i < n; i++) vectors.add(vector(i));
      String body =
          vendor.family == Vendor.Family.OLLAMA
              ? OllamaStubs.embeddings(vectors, Usage.of(4L * n, 0))
              : vendor.isFoundry()
                  ? FoundryStubs.embeddings(vectors, Usage.of(4L * n, 0))
                  : vendor.localStubs().embeddings(vectors, Usage.of(4L * n, 0));
      server.stubFor(
          post(urlPathMatching(vendor.embeddingsPath))
              .withRequestBody(matchingJsonPath("$[?(@.input.length() == " + n + ")]"))
              .willReturn(json(body)));
      if (n == 1) {
        // The real APIs also take one input as a bare string ("input": "text"), as the official
        // openai-java client sends it; an array serializes with its bracket and does not match.
        server.stubFor(
            post(urlPathMatching(vendor.embeddingsPath))
                .withRequestBody(matchingJsonPath("$.input", matching("(?s)[^\\[].*")))
                .willReturn(json(body)));
      }
    }
  }

  /** A deterministic unit-length-ish vector, different per input index. */
  private static float[] vector(int index) {
    float[] v = new float[8];
    for (int i = 0; i < v.length; i++) v[i] = (float) Math.sin(index + 1 + i * 0.5) / 3f;
    return v;
  }

  private void discovery() {
    DiscoveryRoutes.register(server, vendor);
  }

  // --- bodies -----------------------------------------------------------------------------

  private String whole(String text) {
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.text(text, USAGE);
      case ANTHROPIC -> FoundryStubs.anthropicText(text, USAGE);
      case OPENAI ->
          vendor.isFoundry() ? FoundryStubs.openAiText(text, USAGE) : local().text(text, USAGE);
    };
  }

  private String streamed(String text) {
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.textStream(text, USAGE, true);
      case ANTHROPIC -> FoundryStubs.anthropicTextStream(text, USAGE, true);
      case OPENAI ->
          vendor.isFoundry()
              ? FoundryStubs.openAiTextStream(text, USAGE, true)
              : local().textStream(text, USAGE, true);
    };
  }

  private String cutStream() {
    String text = "The stream stops after this";
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.textStream(text, USAGE, false);
      case ANTHROPIC -> FoundryStubs.anthropicTextStream(text, USAGE, false);
      case OPENAI ->
          vendor.isFoundry()
              ? FoundryStubs.openAiTextStream(text, USAGE, false)
              : local().textStream(text, USAGE, false);
    };
  }

  private String toolWhole(List<ToolCall> calls) {
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.toolCalls(calls, USAGE);
      case ANTHROPIC -> FoundryStubs.anthropicToolCalls(calls, USAGE);
      case OPENAI ->
          vendor.isFoundry()
              ? FoundryStubs.openAiToolCalls(calls, USAGE)
              : local().toolCalls(calls, USAGE);
    };
  }

  private String toolStreamed(List<ToolCall> calls) {
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.toolStream(calls, USAGE);
      case ANTHROPIC -> FoundryStubs.anthropicToolStream(calls, USAGE);
      case OPENAI ->
          vendor.isFoundry()
              ? FoundryStubs.openAiToolStream(calls, USAGE)
              : local().toolStream(calls, USAGE);
    };
  }

  private String errorBody(int status, String message) {
    return switch (vendor.family) {
      case OLLAMA -> OllamaStubs.error(message);
      case ANTHROPIC ->
          FoundryStubs.anthropicError(
              switch (status) {
                case 401 -> "authentication_error";
                case 429 -> "rate_limit_error";
                case 400 -> "invalid_request_error";
                default -> "overloaded_error";
              },
              message);
      case OPENAI ->
          vendor.isFoundry()
              ? FoundryStubs.azureError(status == 401 ? "401" : String.valueOf(status), message)
              : local().error(status, message);
    };
  }

  private OpenAiServerStubs local() {
    return vendor.localStubs();
  }

  private ResponseDefinitionBuilder fault(Fault fault) {
    return switch (fault) {
      case UNAVAILABLE -> error(503, "The service is temporarily unavailable.");
      case RATE_LIMITED ->
          error(429, "Rate limit exceeded; retry later.").withHeader("retry-after", "1");
      case UNAUTHORIZED -> error(401, "Access denied due to invalid subscription key.");
      case BAD_REQUEST -> error(400, "The request is invalid.");
      case CONNECTION_RESET ->
          aResponse()
              .withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER);
      case MALFORMED_BODY -> json("{\"id\": \"cut-off");
      case CUT_STREAM -> stream(cutStream());
    };
  }

  private ResponseDefinitionBuilder error(int status, String message) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-request-id", "stub-" + status)
        .withBody(errorBody(status, message));
  }

  private static ResponseDefinitionBuilder json(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader("Content-Type", "application/json")
        .withHeader("x-request-id", "stub-request-1")
        .withBody(body);
  }

  private ResponseDefinitionBuilder stream(String body) {
    return aResponse()
        .withStatus(200)
        .withHeader(
            "Content-Type",
            vendor.family == Vendor.Family.OLLAMA ? "application/x-ndjson" : "text/event-stream")
        .withHeader("x-request-id", "stub-request-1")
        .withBody(body);
  }

  private static ReceivedRequest received(LoggedRequest r) {
    URI uri = URI.create(r.getUrl());
    Map<String, String> query = new LinkedHashMap<>();
    if (uri.getRawQuery() != null) {
      for (String pair : uri.getRawQuery().split("&")) {
        int eq = pair.indexOf('=');
        String k = eq < 0 ? pair : pair.substring(0, eq);
        String v = eq < 0 ? "" : pair.substring(eq + 1);
        query.putIfAbsent(
            java.net.URLDecoder.decode(k, StandardCharsets.UTF_8),
            java.net.URLDecoder.decode(v, StandardCharsets.UTF_8));
      }
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (HttpHeader h : r.getHeaders().all()) {
      headers.putIfAbsent(h.key().toLowerCase(Locale.ROOT), h.firstValue());
    }
    return new ReceivedRequest(
        r.getMethod().getName(),
        uri.getPath(),
        query,
        headers,
        r.getBodyAsString() == null ? "" : r.getBodyAsString());
  }
}
