package dev.switchboard.foundry;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.switchboard.auth.Secret;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatEventSource;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.InvalidRequestException;
import dev.switchboard.foundry.internal.FoundryProvider;
import dev.switchboard.spi.AttemptContext;
import dev.switchboard.testkit.stubs.FoundryStubs;
import dev.switchboard.usage.Usage;
import dev.switchboard.wire.internal.json.WireJson;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI-dialect families' URLs, headers and version-aware fields, as the server sees them. */
class FoundryFamiliesTest {
  static WireMockServer server;

  @BeforeAll
  static void start() {
    server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    server.start();
  }

  @AfterAll
  static void stop() {
    server.stop();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
    server.stubFor(
        post(anyUrl())
            .atPriority(5)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("apim-request-id", "apim-7")
                    .withHeader("x-ms-region", "Sweden Central")
                    .withHeader("x-ratelimit-remaining-tokens", "4000")
                    .withBody(FoundryStubs.openAiText("ok", Usage.of(5, 2)))));
  }

  private static FoundryProvider provider(
      FoundryApi api, String endpointPath, UnaryOperator<FoundryConfig.Builder> tweak) {
    FoundryConfig config =
        tweak
            .apply(
                FoundryConfig.builder()
                    .endpoint(URI.create(server.baseUrl() + endpointPath))
                    .api(api)
                    .auth(FoundryAuth.apiKey(Secret.of("key-1"), null)))
            .build();
    return FoundryProvider.create("f", config);
  }

  private static ChatRequest request() {
    return ChatRequest.builder()
        .developer("Be brief.")
        .user("Note text")
        .maxOutputTokens(50)
        .endUser("u-hash")
        .build();
  }

  private static LoggedRequest last() {
    List<LoggedRequest> all = server.findAll(postRequestedFor(anyUrl()));
    return all.get(all.size() - 1);
  }

  private static JsonNode body(LoggedRequest r) throws Exception {
    return WireJson.parse(r.getBodyAsString());
  }

  private static void drain(ChatEventSource s) {
    try (s) {
      while (s.next() != null) {
        /* read to the end */
      }
    }
  }

  @Test
  void openAiV1UsesDeploymentAsModelAndNoApiVersion() throws Exception {
    try (FoundryProvider p = provider(FoundryApi.OPENAI_V1, "/openai/v1/", b -> b)) {
      AttemptContext ctx = AttemptContext.forModel("gpt-4o-prod");
      ChatResponse r = p.chat(request(), ctx);
      LoggedRequest req = last();
      assertThat(req.getUrl()).isEqualTo("/openai/v1/chat/completions");
      assertThat(req.getHeader("api-key")).isEqualTo("key-1");
      assertThat(req.getHeader("x-ms-client-request-id")).isEqualTo(ctx.clientRequestId());
      JsonNode j = body(req);
      assertThat(j.path("model").asText()).isEqualTo("gpt-4o-prod");
      assertThat(j.path("max_completion_tokens").asInt()).isEqualTo(50);
      assertThat(j.path("messages").get(0).path("role").asText()).isEqualTo("developer");
      assertThat(j.path("user").asText()).isEqualTo("u-hash");
      assertThat(r.requestId()).contains("apim-7");
      assertThat(r.metadata())
          .containsEntry("x-ms-region", "Sweden Central")
          .containsEntry("x-ratelimit-remaining-tokens", "4000");
      assertThat(r.safety()).isPresent();
    }
  }

  @Test
  void openAiV1StreamAsksForUsage() throws Exception {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(FoundryStubs.openAiTextStream("a b", Usage.of(1, 2), true))));
    try (FoundryProvider p = provider(FoundryApi.OPENAI_V1, "", b -> b)) {
      drain(p.stream(request(), AttemptContext.forModel("gpt-4o-prod")));
      JsonNode j = body(last());
      assertThat(j.path("stream").asBoolean()).isTrue();
      assertThat(j.path("stream_options").path("include_usage").asBoolean()).isTrue();
      assertThat(last().getHeader("Accept")).isEqualTo("text/event-stream");
    }
  }

  @Test
  void azureOpenAiGaPutsDeploymentInPathAndSendsOnlyGaFields() throws Exception {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(FoundryStubs.openAiTextStream("a b", Usage.of(1, 2), true))));
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI, "/openai", b -> b)) {
      drain(p.stream(request(), AttemptContext.forModel("gpt-4o-prod")));
      LoggedRequest req = last();
      assertThat(req.getUrl())
          .isEqualTo("/openai/deployments/gpt-4o-prod/chat/completions?api-version=2024-10-21");
      JsonNode j = body(req);
      assertThat(j.has("model")).isFalse();
      assertThat(j.has("stream_options")).isFalse(); // not in the 2024-10-21 request schema
      assertThat(j.path("max_tokens").asInt()).isEqualTo(50);
      assertThat(j.path("messages").get(0).path("role").asText())
          .isEqualTo("system"); // no developer role in GA
      assertThat(p.capabilities("gpt-4o-prod").streamingUsage()).isFalse();
    }
  }

  @Test
  void azureOpenAiReasoningDeploymentsGetMaxCompletionTokens() throws Exception {
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI, "", b -> b)) {
      p.chat(request(), AttemptContext.forModel("o3-mini"));
      JsonNode j = body(last());
      assertThat(j.path("max_completion_tokens").asInt()).isEqualTo(50);
      assertThat(j.has("max_tokens")).isFalse();
    }
  }

  @Test
  void azureOpenAiPreviewVersionAndConfigOverridesEnableNewerFields() throws Exception {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(FoundryStubs.openAiTextStream("a b", Usage.of(1, 2), true))));
    try (FoundryProvider p =
        provider(FoundryApi.AZURE_OPENAI, "", b -> b.apiVersion("2025-04-01-preview"))) {
      drain(p.stream(request(), AttemptContext.forModel("gpt-4o-prod")));
      assertThat(last().getUrl()).endsWith("api-version=2025-04-01-preview");
      JsonNode j = body(last());
      assertThat(j.path("stream_options").path("include_usage").asBoolean()).isTrue();
      assertThat(j.path("messages").get(0).path("role").asText()).isEqualTo("developer");
    }
    try (FoundryProvider p =
        provider(
            FoundryApi.AZURE_OPENAI,
            "",
            b -> b.streamUsage(true).maxTokensField("max_completion_tokens"))) {
      drain(p.stream(request(), AttemptContext.forModel("gpt-4o-prod")));
      JsonNode j = body(last());
      assertThat(j.path("stream_options").path("include_usage").asBoolean()).isTrue();
      assertThat(j.has("max_completion_tokens")).isTrue();
    }
  }

  @Test
  void modelInferenceUsesModelsRouteAndExtraParametersHeaderOnlyWithExtras() throws Exception {
    try (FoundryProvider p = provider(FoundryApi.MODEL_INFERENCE, "", b -> b)) {
      p.chat(request(), AttemptContext.forModel("DeepSeek-R1"));
      LoggedRequest plain = last();
      assertThat(plain.getUrl())
          .isEqualTo("/models/chat/completions?api-version=2024-05-01-preview");
      assertThat(plain.containsHeader("extra-parameters")).isFalse();
      JsonNode j = body(plain);
      assertThat(j.path("model").asText()).isEqualTo("DeepSeek-R1");
      assertThat(j.has("user")).isFalse();
      assertThat(j.path("max_tokens").asInt()).isEqualTo(50);
      p.chat(
          request().toBuilder().extra("top_k", 20).build(), AttemptContext.forModel("DeepSeek-R1"));
      assertThat(last().getHeader("extra-parameters")).isEqualTo("pass-through");
      assertThat(body(last()).path("top_k").asInt()).isEqualTo(20);
    }
  }

  @Test
  void embeddingsPerFamilyDecodeBase64AndFloats() throws Exception {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withHeader("apim-request-id", "apim-emb")
                    .withHeader("x-ms-region", "East US")
                    .withBody(
                        FoundryStubs.embeddings(
                            List.of(new float[] {1f, 2f}, new float[] {3f, 4f}), Usage.of(6, 0)))));
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI, "", b -> b)) {
      var r =
          p.embed(
              EmbeddingRequest.builder().input("a").input("b").dimensions(2).build(),
              AttemptContext.forModel("text-embedding-3-small"));
      assertThat(last().getUrl())
          .isEqualTo(
              "/openai/deployments/text-embedding-3-small/embeddings?api-version=2024-10-21");
      assertThat(body(last()).path("dimensions").asInt()).isEqualTo(2);
      assertThat(r.embeddings()).hasSize(2);
      assertThat(r.embeddings().get(1).vector()).containsExactly(3f, 4f);
      assertThat(r.usage().inputTokens()).isEqualTo(6);
      assertThat(r.requestId()).contains("apim-emb");
      assertThat(r.metadata()).containsEntry("x-ms-region", "East US");
      assertThat(p.capabilities("text-embedding-3-small").chat()).isFalse();
    }
    try (FoundryProvider p = provider(FoundryApi.MODEL_INFERENCE, "/models", b -> b)) {
      p.embed(
          EmbeddingRequest.builder().input("a").build(),
          AttemptContext.forModel("cohere-embed-v3"));
      assertThat(last().getUrl()).isEqualTo("/models/embeddings?api-version=2024-05-01-preview");
    }
  }

  @Test
  void deploymentNotFoundNamesTheDeployment() {
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(404)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        FoundryStubs.azureError(
                            "DeploymentNotFound",
                            "The API deployment for this resource does not exist."))));
    try (FoundryProvider p = provider(FoundryApi.AZURE_OPENAI, "", b -> b)) {
      assertThatThrownBy(() -> p.chat(request(), AttemptContext.forModel("gpt-4o-typo")))
          .isInstanceOf(InvalidRequestException.class)
          .hasMessageContaining("deployment 'gpt-4o-typo'");
    }
  }

  @Test
  void streamedContentFilterFinishKeepsCompletionVerdicts() {
    String stream =
        FoundryStubs.data(FoundryStubs.filterChunk())
            + FoundryStubs.data(
                FoundryStubs.chunk("[{\"index\":0,\"delta\":{\"content\":\"Part\"}}]"))
            + FoundryStubs.data(
                FoundryStubs.chunk(
                    "[{\"index\":0,\"delta\":{},\"finish_reason\":\"content_filter\","
                        + "\"content_filter_results\":{\"violence\":{\"filtered\":true,\"severity\":\"high\"}}}]"))
            + "data: [DONE]\n\n";
    server.stubFor(
        post(anyUrl())
            .atPriority(1)
            .willReturn(
                aResponse()
                    .withStatus(200)
                    .withHeader("Content-Type", "text/event-stream")
                    .withBody(stream)));
    try (FoundryProvider p = provider(FoundryApi.OPENAI_V1, "", b -> b)) {
      ChatEventSource s = p.stream(request(), AttemptContext.forModel("gpt-4o-prod"));
      ChatEvent e;
      ChatResponse done = null;
      while ((e = s.next()) != null) if (e instanceof ChatEvent.Completed c) done = c.response();
      assertThat(done.finishReason()).isEqualTo(dev.switchboard.chat.FinishReason.CONTENT_FILTER);
      assertThat(done.safety().orElseThrow().filteredCategories()).containsExactly("violence");
    }
  }

  @Test
  void endpointsMustBeHttpsUnlessLoopbackOrOptedOut() {
    FoundryAuth key = FoundryAuth.apiKey(Secret.of("k"), null);
    assertThatThrownBy(
            () ->
                FoundryConfig.builder()
                    .endpoint(URI.create("http://contoso.openai.azure.com"))
                    .auth(key)
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https");
    assertThat(
            FoundryConfig.builder()
                .endpoint(URI.create("http://contoso.internal"))
                .auth(key)
                .allowInsecureHttp(true)
                .build())
        .isNotNull();
    assertThat(
            FoundryConfig.builder().endpoint(URI.create("http://127.0.0.2:8080")).auth(key).build())
        .isNotNull();
    assertThat(FoundryConfig.builder().endpoint(URI.create("http://[::1]:8080")).auth(key).build())
        .isNotNull();
    assertThat(
            FoundryConfig.builder().endpoint(URI.create("http://localhost:8080")).auth(key).build())
        .isNotNull();
  }
}
