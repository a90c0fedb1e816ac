package dev.switchboard.foundry.internal;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.exactly;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.error.AuthenticationException;
import dev.switchboard.foundry.AccessToken;
import dev.switchboard.foundry.FoundryApi;
import dev.switchboard.foundry.FoundryAuth;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.http.HttpTransport;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every auth flow against WireMock: data plane, Entra token endpoint and identity endpoints on one
 * loopback server.
 */
class AuthFlowsTest {
  private WireMockServer server;
  private HttpTransport transport;
  private final MutableClock clock = new MutableClock(Instant.parse("2025-06-01T10:00:00Z"));

  @BeforeEach
  void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    transport = HttpTransport.create();
    server.stubFor(
        post(urlPathMatching("/openai/v1/chat/completions"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(FoundryStubs.openAiText("ok", Usage.of(3, 1)))));
  }

  @AfterEach
  void stop() {
    transport.close();
    server.stop();
  }

  private FoundryProvider provider(FoundryAuth auth, Function<String, String> env) {
    FoundryConfig config =
        FoundryConfig.builder()
            .endpoint(URI.create(server.baseUrl()))
            .api(FoundryApi.OPENAI_V1)
            .auth(auth)
            .build();
    return new FoundryProvider(
        "f",
        config,
        transport,
        Auths.create(config, "f", transport.client(), clock, env, Duration.ofMillis(5)));
  }

  private static ChatRequest hi() {
    return ChatRequest.builder().user("hi").build();
  }

  private static String tokenJson(String token, int expiresIn) {
    return "{\"token_type\":\"Bearer\",\"expires_in\":"
        + expiresIn
        + ",\"ext_expires_in\":"
        + expiresIn
        + ",\"access_token\":\""
        + token
        + "\"}";
  }

  @Test
  void clientCredentialsPostsTheFormAndSendsTheBearerToken() {
    server.stubFor(
        post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(tokenJson("tok-A", 3600))));
    FoundryProvider p =
        provider(
            FoundryAuth.entra(
                URI.create(server.baseUrl()), "tenant-1", "app-1", Secret.of("s3cret")),
            k -> null);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(
        exactly(1),
        postRequestedFor(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .withRequestBody(containing("grant_type=client_credentials"))
            .withRequestBody(containing("client_id=app-1"))
            .withRequestBody(containing("client_secret=s3cret"))
            .withRequestBody(
                containing("scope=https%3A%2F%2Fcognitiveservices.azure.com%2F.default")));
    server.verify(
        exactly(2),
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer tok-A"))
            .withoutHeader("api-key"));
  }

  @Test
  void refusedClientCredentialsAreAnAuthenticationErrorWithoutTheSecret() {
    server.stubFor(
        post(urlPathEqualTo("/tenant-1/oauth2/v2.0/token"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(
                        "{\"error\":\"invalid_client\",\"error_description\":\"AADSTS7000215: Invalid client secret s3cret provided.\"}")));
    FoundryProvider p =
        provider(
            FoundryAuth.entra(
                URI.create(server.baseUrl()), "tenant-1", "app-1", Secret.of("s3cret")),
            k -> null);
    assertThatThrownBy(() -> p.chat(hi(), AttemptContext.forModel("gpt-4o")))
        .isInstanceOf(AuthenticationException.class)
        .hasMessageContaining("invalid_client")
        .hasMessageNotContaining("s3cret");
  }

  @Test
  void imdsManagedIdentitySendsMetadataHeaderAndResource() {
    server.stubFor(
        get(urlPathEqualTo("/metadata/identity/oauth2/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"access_token\":\"tok-IMDS\",\"refresh_token\":\"\",\"expires_in\":\"3599\",\"expires_on\":\""
                            + (clock.instant().getEpochSecond() + 3599)
                            + "\",\"not_before\":\"0\",\"resource\":\"https://cognitiveservices.azure.com\","
                            + "\"token_type\":\"Bearer\"}")));
    FoundryProvider p =
        provider(
            FoundryAuth.managedIdentity("uami-1", URI.create(server.baseUrl()), null, null),
            k -> null);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(
        getRequestedFor(urlPathEqualTo("/metadata/identity/oauth2/token"))
            .withHeader("Metadata", equalTo("true"))
            .withQueryParam("api-version", equalTo("2018-02-01"))
            .withQueryParam("resource", equalTo("https://cognitiveservices.azure.com"))
            .withQueryParam("client_id", equalTo("uami-1")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer tok-IMDS")));
  }

  @Test
  void imdsThrottlingIsRetriedWithBackoff() {
    server.stubFor(
        get(urlPathEqualTo("/metadata/identity/oauth2/token"))
            .inScenario("imds")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(429))
            .willSetStateTo("ok"));
    server.stubFor(
        get(urlPathEqualTo("/metadata/identity/oauth2/token"))
            .inScenario("imds")
            .whenScenarioStateIs("ok")
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody("{\"access_token\":\"tok-2\",\"expires_in\":\"3600\"}")));
    FoundryProvider p =
        provider(
            FoundryAuth.managedIdentity(null, URI.create(server.baseUrl()), null, null), k -> null);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(2, getRequestedFor(urlPathEqualTo("/metadata/identity/oauth2/token")));
  }

  @Test
  void appServiceIdentityEndpointFromEnvironmentUsesItsHeader() {
    server.stubFor(
        get(urlPathEqualTo("/msi/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withBody(
                        "{\"access_token\":\"tok-APP\",\"expires_on\":\""
                            + (clock.instant().getEpochSecond() + 3600)
                            + "\",\"resource\":\"https://cognitiveservices.azure.com\",\"token_type\":\"Bearer\"}")));
    Function<String, String> env =
        k ->
            switch (k) {
              case "IDENTITY_ENDPOINT" -> server.baseUrl() + "/msi/token";
              case "IDENTITY_HEADER" -> "hdr-secret";
              default -> null;
            };
    FoundryProvider p = provider(FoundryAuth.managedIdentity(null, null, null, null), env);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(
        getRequestedFor(urlPathEqualTo("/msi/token"))
            .withHeader("X-IDENTITY-HEADER", equalTo("hdr-secret"))
            .withQueryParam("api-version", equalTo("2019-08-01"))
            .withQueryParam("resource", equalTo("https://cognitiveservices.azure.com")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer tok-APP")));
  }

  @Test
  void tokenIsRefreshedBeforeExpiry() {
    AtomicInteger issued = new AtomicInteger();
    FoundryProvider p =
        provider(
            FoundryAuth.credential(
                scope ->
                    new AccessToken(
                        Secret.of("t" + issued.incrementAndGet()),
                        clock.instant().plus(Duration.ofMinutes(60)))),
            k -> null);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    clock.advance(Duration.ofMinutes(50));
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    assertThat(issued).hasValue(1);
    clock.advance(Duration.ofMinutes(6)); // now 4 minutes before expiry: inside the 5-minute window
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    assertThat(issued).hasValue(2);
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer t2")));
  }

  @Test
  void a401TriggersExactlyOneRefreshAndRetry() {
    server.stubFor(
        post(urlPathMatching("/openai/v1/chat/completions"))
            .atPriority(1)
            .withHeader("Authorization", equalTo("Bearer t1"))
            .willReturn(
                aResponse()
                    .withStatus(401)
                    .withBody(FoundryStubs.azureError("401", "token expired"))));
    AtomicInteger issued = new AtomicInteger();
    FoundryProvider p =
        provider(
            FoundryAuth.credential(
                scope ->
                    new AccessToken(
                        Secret.of("t" + issued.incrementAndGet()),
                        clock.instant().plus(Duration.ofHours(1)))),
            k -> null);
    assertThat(p.chat(hi(), AttemptContext.forModel("gpt-4o")).text()).isEqualTo("ok");
    assertThat(issued).hasValue(2);
    server.verify(exactly(2), postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
  }

  @Test
  void aSecond401IsNotRetriedAgain() {
    server.stubFor(
        post(urlPathMatching("/openai/v1/chat/completions"))
            .atPriority(1)
            .willReturn(
                aResponse().withStatus(401).withBody(FoundryStubs.azureError("401", "denied"))));
    AtomicInteger issued = new AtomicInteger();
    FoundryProvider p =
        provider(
            FoundryAuth.credential(
                scope ->
                    new AccessToken(
                        Secret.of("t" + issued.incrementAndGet()),
                        clock.instant().plus(Duration.ofHours(1)))),
            k -> null);
    assertThatThrownBy(() -> p.chat(hi(), AttemptContext.forModel("gpt-4o")))
        .isInstanceOf(AuthenticationException.class);
    assertThat(issued).hasValue(2);
    server.verify(exactly(2), postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")));
  }

  @Test
  void concurrentCallersShareOneRefresh() throws Exception {
    AtomicInteger issued = new AtomicInteger();
    CountDownLatch inside = new CountDownLatch(1);
    TokenCache cache =
        new TokenCache(
            scope -> {
              issued.incrementAndGet();
              inside.countDown();
              sleep(50);
              return new AccessToken(
                  Secret.of("shared"), clock.instant().plus(Duration.ofHours(1)));
            },
            "s",
            Duration.ofMinutes(5),
            clock);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<AccessToken>> results = new ArrayList<>();
      for (int i = 0; i < 8; i++) results.add(pool.submit(cache::token));
      for (Future<AccessToken> f : results)
        assertThat(f.get().token().reveal()).isEqualTo("shared");
    } finally {
      pool.shutdownNow();
    }
    assertThat(issued).hasValue(1);
  }

  @Test
  void staticTokenAndKeyHeadersPerFamily() {
    FoundryProvider p = provider(FoundryAuth.token(Secret.of("static-1")), k -> null);
    p.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer static-1")));
    FoundryProvider keyed = provider(FoundryAuth.apiKey(Secret.of("k-1"), null), k -> null);
    keyed.chat(hi(), AttemptContext.forModel("gpt-4o"));
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("api-key", equalTo("k-1"))
            .withoutHeader("Authorization"));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** A clock the test moves by hand. */
  static final class MutableClock extends Clock {
    private volatile Instant now;

    MutableClock(Instant start) {
      this.now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
