package dev.switchboard.foundry.internal.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.auth.Secret;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.error.ErrorContext;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.foundry.FoundryApi;
import dev.switchboard.foundry.FoundryAuth;
import dev.switchboard.foundry.FoundryConfig;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderCapabilities;
import java.net.URI;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

/**
 * URL, header and default building per family, without a server: what the WireMock adapter tests
 * cannot reach (serverless hosts, token scopes) or only see one case of.
 */
class FoundryProtocolsTest {

  private static FoundryProtocol protocol(
      FoundryApi api, String endpoint, UnaryOperator<FoundryConfig.Builder> tweak) {
    return FoundryProtocols.create(
        tweak
            .apply(
                FoundryConfig.builder()
                    .endpoint(URI.create(endpoint))
                    .api(api)
                    .auth(FoundryAuth.apiKey(Secret.of("k"), null)))
            .build());
  }

  private static FoundryProtocol protocol(FoundryApi api, String endpoint) {
    return protocol(api, endpoint, b -> b);
  }

  private static Request headers(FoundryProtocol p, boolean hasExtras) {
    Request.Builder b = new Request.Builder().url("https://x.test/");
    p.addHeaders(b, hasExtras);
    return b.build();
  }

  @Test
  void openAiV1AcceptsTheRootOrEitherRouteAndHasNoApiVersion() {
    for (String e :
        List.of(
            "https://r.services.ai.azure.com",
            "https://r.services.ai.azure.com/openai/",
            "https://r.services.ai.azure.com/openai/v1?x=1")) {
      FoundryProtocol p = protocol(FoundryApi.OPENAI_V1, e);
      assertThat(p.chatUrl("gpt-4o"))
          .hasToString("https://r.services.ai.azure.com/openai/v1/chat/completions");
      assertThat(p.streamUrl("gpt-4o")).isEqualTo(p.chatUrl("gpt-4o"));
      assertThat(p.embeddingsUrl("emb"))
          .hasToString("https://r.services.ai.azure.com/openai/v1/embeddings");
    }
    assertThat(FoundryProtocols.defaultApiVersion(FoundryApi.OPENAI_V1)).isEmpty();
  }

  @Test
  void azureOpenAiPutsTheDeploymentInThePathAndTheVersionInTheQuery() {
    FoundryProtocol p = protocol(FoundryApi.AZURE_OPENAI, "https://r.openai.azure.com/openai/");
    assertThat(p.chatUrl("gpt 4o"))
        .hasToString(
            "https://r.openai.azure.com/openai/deployments/gpt%204o/chat/completions?api-version=2024-10-21");
    assertThat(p.embeddingsUrl("emb-3"))
        .hasToString(
            "https://r.openai.azure.com/openai/deployments/emb-3/embeddings?api-version=2024-10-21");
    assertThat(FoundryProtocols.defaultApiVersion(FoundryApi.AZURE_OPENAI))
        .contains(FoundryConfig.DEFAULT_AZURE_OPENAI_VERSION);
  }

  @Test
  void modelInferenceUsesTheModelsRouteExceptOnServerlessHosts() {
    assertThat(protocol(FoundryApi.MODEL_INFERENCE, "https://r.services.ai.azure.com").chatUrl("m"))
        .hasToString(
            "https://r.services.ai.azure.com/models/chat/completions?api-version=2024-05-01-preview");
    assertThat(
            protocol(FoundryApi.MODEL_INFERENCE, "https://r.services.ai.azure.com/models/")
                .embeddingsUrl("m"))
        .hasToString(
            "https://r.services.ai.azure.com/models/embeddings?api-version=2024-05-01-preview");
    assertThat(
            protocol(
                    FoundryApi.MODEL_INFERENCE,
                    "https://llama.eastus2.models.ai.azure.com",
                    b -> b.apiVersion("2025-04-01"))
                .chatUrl("m"))
        .hasToString(
            "https://llama.eastus2.models.ai.azure.com/chat/completions?api-version=2025-04-01");
    assertThat(FoundryProtocols.defaultApiVersion(FoundryApi.MODEL_INFERENCE))
        .contains(FoundryConfig.DEFAULT_MODEL_INFERENCE_VERSION);
  }

  @Test
  void anthropicGoesBackToTheResourceRootAndHasNoEmbeddings() {
    for (String e :
        List.of(
            "https://r.services.ai.azure.com",
            "https://r.services.ai.azure.com/anthropic/v1/messages",
            "https://r.services.ai.azure.com/api/projects/ward-7")) {
      assertThat(protocol(FoundryApi.ANTHROPIC, e).chatUrl("claude"))
          .hasToString("https://r.services.ai.azure.com/anthropic/v1/messages");
    }
    FoundryProtocol p = protocol(FoundryApi.ANTHROPIC, "https://r.services.ai.azure.com");
    ErrorContext where = ErrorContext.of("p", "claude");
    assertThatThrownBy(
            () ->
                p.encodeEmbeddings(EmbeddingRequest.builder().input("x").build(), "claude", where))
        .isInstanceOf(UnsupportedCapabilityException.class);
    assertThat(FoundryProtocols.defaultApiVersion(FoundryApi.ANTHROPIC)).isEmpty();
  }

  @Test
  void urlsAreBuiltOncePerDeployment() {
    FoundryProtocol p = protocol(FoundryApi.AZURE_OPENAI, "https://r.openai.azure.com");
    assertThat(p.chatUrl("gpt-4o")).isSameAs(p.chatUrl("gpt-4o"));
    assertThat(p.embeddingsUrl("emb")).isSameAs(p.embeddingsUrl("emb"));
  }

  @Test
  void familyHeaders() {
    Request openAi = headers(protocol(FoundryApi.OPENAI_V1, "https://r.test"), true);
    assertThat(openAi.headers().size()).isZero();
    FoundryProtocol mi =
        protocol(FoundryApi.MODEL_INFERENCE, "https://r.test", b -> b.extraParameters("drop"));
    assertThat(headers(mi, false).header("extra-parameters")).isNull();
    assertThat(headers(mi, true).header("extra-parameters")).isEqualTo("drop");
    Request claude =
        headers(
            protocol(
                FoundryApi.ANTHROPIC,
                "https://r.test",
                b -> b.anthropicBeta(List.of("a-1", "b-2"))),
            false);
    assertThat(claude.header("anthropic-version"))
        .isEqualTo(FoundryConfig.DEFAULT_ANTHROPIC_VERSION);
    assertThat(claude.header("anthropic-beta")).isEqualTo("a-1,b-2");
    assertThat(
            headers(protocol(FoundryApi.ANTHROPIC, "https://r.test"), false)
                .header("anthropic-beta"))
        .isNull();
  }

  @Test
  void defaultKeyHeaderAndTokenScopePerFamily() {
    String cognitive = "https://cognitiveservices.azure.com/.default";
    assertThat(protocol(FoundryApi.OPENAI_V1, "https://r.test").defaultKeyHeader())
        .isEqualTo(FoundryAuth.KeyHeader.API_KEY);
    assertThat(protocol(FoundryApi.OPENAI_V1, "https://r.test").defaultScope())
        .isEqualTo(cognitive);
    assertThat(protocol(FoundryApi.AZURE_OPENAI, "https://r.test").defaultKeyHeader())
        .isEqualTo(FoundryAuth.KeyHeader.API_KEY);
    assertThat(protocol(FoundryApi.AZURE_OPENAI, "https://r.test").defaultScope())
        .isEqualTo(cognitive);
    assertThat(
            protocol(FoundryApi.MODEL_INFERENCE, "https://r.services.ai.azure.com").defaultScope())
        .isEqualTo(cognitive);
    for (String serverless :
        List.of(
            "https://m.eastus2.models.ai.azure.com",
            "https://m.eastus2.inference.ai.azure.com",
            "https://ep.eastus2.inference.ml.azure.com")) {
      assertThat(protocol(FoundryApi.MODEL_INFERENCE, serverless).defaultScope())
          .isEqualTo("https://ml.azure.com/.default");
    }
    assertThat(protocol(FoundryApi.ANTHROPIC, "https://r.test").defaultKeyHeader())
        .isEqualTo(FoundryAuth.KeyHeader.X_API_KEY);
    assertThat(protocol(FoundryApi.ANTHROPIC, "https://r.test").defaultScope())
        .isEqualTo("https://ai.azure.com/.default");
  }

  @Test
  void capabilitiesPerFamilyThenConfigOverrides() {
    FoundryProtocol v1 =
        protocol(
            FoundryApi.OPENAI_V1,
            "https://r.test",
            b ->
                b.capability(
                    "gpt-4o",
                    new CapabilityOverride(
                        null, null, null, null, null, null, null, null, 128_000)));
    assertThat(v1.capabilities("text-embedding-3-small"))
        .isEqualTo(ProviderCapabilities.embeddingsOnly());
    assertThat(v1.capabilities("gpt-35-turbo").vision()).isFalse();
    assertThat(v1.capabilities("gpt-35-turbo").jsonSchema()).isFalse();
    assertThat(v1.capabilities("gpt-4o").contextWindow()).isEqualTo(128_000);
    assertThat(v1.capabilities("gpt-4o").streamingUsage()).isTrue();
    // GA azure-openai cannot ask for stream usage; Model Inference gets it unasked
    assertThat(
            protocol(FoundryApi.AZURE_OPENAI, "https://r.test")
                .capabilities("gpt-4o")
                .streamingUsage())
        .isFalse();
    assertThat(
            protocol(FoundryApi.MODEL_INFERENCE, "https://r.test")
                .capabilities("Llama-3.3")
                .streamingUsage())
        .isTrue();
    ProviderCapabilities claude =
        protocol(FoundryApi.ANTHROPIC, "https://r.test").capabilities("claude-embed-ish");
    assertThat(claude.chat()).isTrue();
    assertThat(claude.embeddings()).isFalse();
    assertThat(claude.jsonSchema()).isFalse();
    assertThat(claude.contextWindow()).isEqualTo(200_000);
  }

  @Test
  void azureReasoningDeploymentsAreKnownByName() {
    assertThat(AzureOpenAiProtocol.isReasoning("o3-mini")).isTrue();
    assertThat(AzureOpenAiProtocol.isReasoning("GPT-5-chat")).isTrue();
    assertThat(AzureOpenAiProtocol.isReasoning("gpt-4o")).isFalse();
  }
}
