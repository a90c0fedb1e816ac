package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole SDK from a YAML config: one logical model per Foundry family, each answering, streaming
 * and reporting usage against WireMock. One provider uses Entra client credentials, with the token
 * endpoint on the same loopback server.
 */
class FoundryEndToEndTest {
  static WireMockServer server;
  static ModelClient client;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
    String text = "Patient stable; discharge home.";
    Usage usage = Usage.of(21, 7);
    for (String path :
        List.of(
            "/openai/v1/chat/completions",
            "/openai/deployments/gpt-4o-prod/chat/completions",
            "/models/chat/completions")) {
      stubChat(
          path,
          FoundryStubs.openAiText(text, usage),
          FoundryStubs.openAiTextStream(text, usage, true));
    }
    stubChat(
        "/anthropic/v1/messages",
        FoundryStubs.anthropicText(text, usage),
        FoundryStubs.anthropicTextStream(text, usage, true));
    server.stubFor(
        post(urlPathEqualTo("/tenant-x/oauth2/v2.0/token"))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"token_type\":\"Bearer\",\"expires_in\":3599,\"access_token\":\"entra-token-1\"}")));
    String yaml =
        """
        providers:
          foundry-v1:
            type: foundry
            endpoint: ${BASE}
            api: openai-v1
            auth: { type: entra, tenant-id: tenant-x, client-id: app-1, client-secret: "${SECRET}", authority: "${BASE}" }
          foundry-classic:
            type: foundry
            endpoint: ${BASE}
            api: azure-openai
            api-version: 2024-10-21
            auth: { type: api-key, key: "${KEY}" }
          foundry-models:
            type: foundry
            endpoint: ${BASE}
            api: model-inference
            auth: { type: api-key, key: "${KEY}", header: bearer }
          foundry-claude:
            type: foundry
            endpoint: ${BASE}/anthropic
            api: anthropic
            default-max-tokens: 1024
            auth: { type: api-key, key: "${KEY}" }
        models:
          v1: { provider: foundry-v1, model: gpt-4o-prod }
          classic: { provider: foundry-classic, model: gpt-4o-prod }
          models: { provider: foundry-models, model: Mistral-Large-2411 }
          claude: { provider: foundry-claude, model: claude-sonnet-4-5 }
        default-model: v1
        pricing: { unknown: flag }       # test deployments have no catalog price
        """;
    Map<String, String> env = Map.of("BASE", server.baseUrl(), "SECRET", "sec-1", "KEY", "key-1");
    client = ModelClient.builder(SwitchboardConfig.parse(yaml, "e2e.yaml", env::get)).build();
  }

  private static void stubChat(String path, String unary, String stream) {
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("apim-request-id", "apim-e2e")
                    .withBody(unary)));
    server.stubFor(
        post(urlPathEqualTo(path))
            .atPriority(1)
            .withRequestBody(matchingJsonPath("$.stream", equalTo("true")))
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withHeader("apim-request-id", "apim-e2e")
                    .withBody(stream)));
  }

  @AfterAll
  static void stop() {
    client.close();
    server.stop();
  }

  @Test
  void everyFamilyAnswersStreamsAndReportsUsage() {
    for (String model : List.of("v1", "classic", "models", "claude")) {
      ChatRequest request =
          ChatRequest.builder().model(model).system("Summarize.").user("Note").build();
      ChatResponse answer = client.chat(request);
      assertThat(answer.text()).as(model).isEqualTo("Patient stable; discharge home.");
      assertThat(answer.usage().inputTokens()).as(model).isEqualTo(21);
      assertThat(answer.usage().outputTokens()).as(model).isEqualTo(7);
      assertThat(answer.requestId()).as(model).contains("apim-e2e");
      List<String> deltas = new ArrayList<>();
      try (ChatStream stream = client.stream(request)) {
        for (ChatEvent e : stream) if (e instanceof ChatEvent.TextDelta d) deltas.add(d.text());
        ChatResponse streamed = stream.response();
        assertThat(deltas).as(model).hasSizeGreaterThan(1);
        assertThat(streamed.text()).as(model).isEqualTo("Patient stable; discharge home.");
        assertThat(streamed.usage().outputTokens()).as(model).isEqualTo(7);
        assertThat(streamed.provider()).as(model).startsWith("foundry-");
      }
    }
    server.verify(
        postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer entra-token-1")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/models/chat/completions"))
            .withHeader("Authorization", equalTo("Bearer key-1")));
    server.verify(
        postRequestedFor(urlPathEqualTo("/anthropic/v1/messages"))
            .withHeader("x-api-key", equalTo("key-1"))
            .withRequestBody(matchingJsonPath("$.max_tokens", equalTo("1024"))));
    server.verify(1, postRequestedFor(urlPathEqualTo("/tenant-x/oauth2/v2.0/token")));
  }
}
