package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.error.CallTimeoutException;
import dev.switchboard.error.RateLimitedException;
import dev.switchboard.pipeline.CallListener;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The resilience layer over real HTTP: a {@link ModelClient} built from YAML with a Foundry
 * provider ({@code openai-v1}) pointed at WireMock on loopback. The adapter parses the server's
 * {@code retry-after-ms}; the pipeline decides and waits.
 */
class FoundryResilienceTest {
  private static final String PATH = "/openai/v1/chat/completions";
  private static final String ANSWER = "Patient stable; discharge home.";

  private final WireMockServer server =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private final List<CallListener.AttemptEnded> attempts = new CopyOnWriteArrayList<>();
  private ModelClient client;

  @BeforeEach
  void start() {
    server.start();
  }

  @AfterEach
  void stop() {
    if (client != null) client.close();
    server.stop();
  }

  private ModelClient client(String timeouts) {
    String yaml =
        """
        providers:
          foundry-us:
            type: foundry
            endpoint: %s
            allow-insecure-http: true
            api: openai-v1
            auth: { type: api-key, key: test-key-0000 }
            resilience:
              retry: { initial-backoff: 20ms, max-backoff: 50ms, max-retry-after: 2s }
        models:
          notes: { provider: foundry-us, model: gpt-4o-prod }
        pricing:
          overrides: [ { provider: foundry-us, model: gpt-4o-prod, input-per-million: 2.50, output-per-million: 10.00 } ]
        resilience:
          timeouts: %s
        """
            .formatted(server.baseUrl(), timeouts);
    client =
        ModelClient.builder(SwitchboardConfig.parse(yaml, "test.yaml"))
            .addListener(
                new CallListener() {
                  @Override
                  public void attemptEnded(AttemptEnded e) {
                    attempts.add(e);
                  }
                })
            .build();
    return client;
  }

  private static ChatRequest ask() {
    return ChatRequest.builder().user("Summarize the note.").build();
  }

  private static ResponseDefinitionBuilder ok() {
    return FoundryFixture.json(200, FoundryStubs.openAiText(ANSWER, Usage.of(20, 7)));
  }

  private static ResponseDefinitionBuilder error(int status, String code) {
    return FoundryFixture.json(status, FoundryStubs.azureError(code, "The service is busy."));
  }

  /** Answers {@code first}, then {@code later} for every request after it. */
  private void sequence(ResponseDefinitionBuilder first, ResponseDefinitionBuilder... later) {
    String state = STARTED;
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .inScenario("s")
            .whenScenarioStateIs(state)
            .willReturn(first)
            .willSetStateTo("1"));
    for (int i = 0; i < later.length; i++) {
      String next = Integer.toString(i + 2);
      server.stubFor(
          post(urlPathEqualTo(PATH))
              .inScenario("s")
              .whenScenarioStateIs(Integer.toString(i + 1))
              .willReturn(later[i])
              .willSetStateTo(i == later.length - 1 ? Integer.toString(i + 1) : next));
    }
  }

  private int requests() {
    return server.findAll(postRequestedFor(urlPathEqualTo(PATH))).size();
  }

  @Test
  void honoursRetryAfterMsOn429() {
    sequence(
        error(429, "429").withHeader("retry-after-ms", "250").withHeader("retry-after", "1"), ok());
    ChatResponse r = client("{ call: 10s }").chat(ask());

    assertThat(r.text()).isEqualTo(ANSWER);
    assertThat(r.attempts()).isEqualTo(2);
    assertThat(requests()).isEqualTo(2);
    assertThat(attempts.get(0).statusCode()).isEqualTo(429);
    assertThat(attempts.get(0).nextDelay()).isEqualTo(Duration.ofMillis(250));
  }

  @Test
  void retryAfterAboveTheMaximumFailsFast() {
    sequence(error(429, "429").withHeader("retry-after", "60"), ok());

    assertThatThrownBy(() -> client("{ call: 10s }").chat(ask()))
        .isInstanceOfSatisfying(
            RateLimitedException.class,
            e -> assertThat(e.retryAfter()).contains(Duration.ofSeconds(60)));
    assertThat(requests()).isEqualTo(1);
  }

  @Test
  void retries503TwiceThenSucceeds() {
    sequence(error(503, "ServiceUnavailable"), error(503, "ServiceUnavailable"), ok());
    ChatResponse r = client("{ call: 10s }").chat(ask());

    assertThat(r.attempts()).isEqualTo(3);
    assertThat(r.provider()).isEqualTo("foundry-us");
    assertThat(requests()).isEqualTo(3);
    assertThat(attempts)
        .extracting(CallListener.AttemptEnded::statusCode)
        .containsExactly(503, 503, 0);
  }

  @Test
  void retriesAConnectionResetByPeer() {
    sequence(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER), ok());
    ChatResponse r = client("{ call: 10s }").chat(ask());

    assertThat(r.attempts()).isEqualTo(2);
    assertThat(requests()).isEqualTo(2);
    assertThat(attempts.get(0).failure())
        .isInstanceOf(dev.switchboard.error.TransportException.class);
  }

  @Test
  void theDeadlineHoldsAgainstASlowServer() {
    server.stubFor(post(urlPathEqualTo(PATH)).willReturn(ok().withFixedDelay(20_000)));
    ModelClient client = client("{ connect: 1s, read: 30s, call: 2s }");
    long start = System.nanoTime();

    assertThatThrownBy(() -> client.chat(ask()))
        .isInstanceOfSatisfying(
            CallTimeoutException.class, e -> assertThat(e.retryable()).isFalse());
    // the server answers after 20 s: ending well before shows the 2 s deadline held, even on a
    // loaded machine
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
    // counted where the call is made: the stub journals a request on its own thread, which a
    // cancelled call does not wait for
    assertThat(attempts).hasSize(1);
  }

  @Test
  void aStreamIsRetriedWhenItFailsBeforeItsFirstEvent() {
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .inScenario("s")
            .whenScenarioStateIs(STARTED)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(error(503, "ServiceUnavailable"))
            .willSetStateTo("up"));
    server.stubFor(
        post(urlPathEqualTo(PATH))
            .inScenario("s")
            .whenScenarioStateIs("up")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(FoundryStubs.openAiTextStream(ANSWER, Usage.of(20, 7), true))));
    StringBuilder text = new StringBuilder();
    try (ChatStream s = client("{ call: 10s }").stream(ask())) {
      for (ChatEvent e : s) if (e instanceof ChatEvent.TextDelta d) text.append(d.text());

      assertThat(text.toString()).isEqualTo(ANSWER);
      assertThat(s.response().attempts()).isEqualTo(2);
    }
  }
}
