package dev.switchboard.local.internal.ollama;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.switchboard.ModelClient;
import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.error.UnsupportedCapabilityException;
import dev.switchboard.local.OllamaFixture;
import dev.switchboard.spi.CapabilityOverride;
import dev.switchboard.spi.ProviderCapabilities;
import dev.switchboard.spi.ServedModel;
import dev.switchboard.spi.ServerStatus;
import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.usage.Usage;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ollama's version, model list and model details, and how routing uses what they say. */
class OllamaDiscoveryTest {
  private static final String PNG =
      "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==";

  private final OllamaFixture fixture =
      new OllamaFixture(
          b ->
              b.capability(
                  "llava:13b",
                  new CapabilityOverride(null, null, false, null, null, null, null, null, 4096)));

  @AfterEach
  void stop() {
    fixture.close();
  }

  private void showVisionModel(String model) {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/show"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.model", equalTo(model)))
                .willReturn(
                    aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OllamaStubs.showVisionModel())));
  }

  @Test
  void statusListAndDetailsComeFromVersionTagsAndShow() {
    OllamaProvider p = fixture.provider();
    assertThat(p.status()).isEqualTo(ServerStatus.up("0.12.3"));
    List<ServedModel> served = p.listModels();
    assertThat(served)
        .extracting(ServedModel::name)
        .containsExactly("llama3.1:8b", "nomic-embed-text:latest");
    assertThat(served.get(0).details())
        .containsEntry("family", "llama")
        .containsEntry("parameters", "8.0B")
        .containsEntry("quantization", "Q4_K_M")
        .containsEntry("size", "4.9 GB");
    ProviderCapabilities c = p.discoverCapabilities("llama3.1:8b").orElseThrow();
    assertThat(c.chat()).isTrue();
    assertThat(c.tools()).isTrue();
    assertThat(c.vision()).isFalse();
    assertThat(c.jsonSchema()).isTrue();
    assertThat(c.contextWindow()).isEqualTo(131072);
  }

  @Test
  void namesWithoutATagMeanLatest() {
    List<ServedModel> served = fixture.provider().listModels();
    assertThat(fixture.provider().serves("nomic-embed-text", served)).isTrue();
    assertThat(fixture.provider().serves("llama3.1:8b", served)).isTrue();
    assertThat(fixture.provider().serves("llama3.1", served))
        .as("llama3.1 means llama3.1:latest")
        .isFalse();
    assertThat(fixture.provider().serves("qwen2.5:7b", served)).isFalse();
  }

  @Test
  void aModelThatIsNotPulledHasNoDiscoveredCapabilities() {
    fixture
        .server()
        .stubFor(
            post(urlPathEqualTo("/api/show"))
                .atPriority(1)
                .withRequestBody(matchingJsonPath("$.model", equalTo("qwen2.5:7b")))
                .willReturn(
                    aResponse()
                        .withStatus(404)
                        .withHeader("Content-Type", "application/json")
                        .withBody(OllamaStubs.error("model 'qwen2.5:7b' not found"))));
    assertThat(fixture.provider().discoverCapabilities("qwen2.5:7b")).isEmpty();
    assertThat(fixture.provider().capabilities("qwen2.5:7b")).isEqualTo(ProviderCapabilities.all());
  }

  @Test
  void configuredCapabilitiesWinOverDiscoveredOnes() {
    showVisionModel("llava:13b");
    ProviderCapabilities c = fixture.provider().capabilities("llava:13b");
    assertThat(c.vision()).as("discovered").isTrue();
    assertThat(c.tools()).as("configured").isFalse();
    assertThat(c.contextWindow()).as("configured").isEqualTo(4096);
  }

  @Test
  void routingSkipsAModelThatCannotSeeImagesAndTheShowAnswerIsCached() {
    showVisionModel("gemma3:4b");
    fixture.givenTextReply("No acute cardiopulmonary findings.", Usage.of(300, 9));
    try (ModelClient client =
        ModelClient.builder()
            .provider(fixture.provider())
            .route(
                "xray",
                Route.failover(
                    Target.of("ollama-test", "llama3.1:8b"), Target.of("ollama-test", "gemma3:4b")))
            .build()) {
      ChatRequest withImage =
          ChatRequest.builder()
              .user(ContentPart.text("Findings?"), ImagePart.ofBase64("image/png", PNG))
              .build();
      ChatResponse r = client.chat(withImage);
      assertThat(r.text()).isEqualTo("No acute cardiopulmonary findings.");
      assertThat(
              fixture
                  .server()
                  .findAll(postRequestedFor(urlPathEqualTo("/api/chat")))
                  .get(0)
                  .getBodyAsString())
          .contains("\"model\":\"gemma3:4b\"");
      client.chat(withImage);
      assertThat(fixture.server().findAll(postRequestedFor(urlPathEqualTo("/api/show"))))
          .hasSize(2); // once per model
    }
    try (ModelClient textOnly =
        ModelClient.builder()
            .provider(fixture.provider())
            .route("notes", Route.of("ollama-test", "llama3.1:8b"))
            .build()) {
      assertThatThrownBy(
              () ->
                  textOnly.chat(
                      ChatRequest.builder()
                          .user(ContentPart.text("Findings?"), ImagePart.ofBase64("image/png", PNG))
                          .build()))
          .isInstanceOf(UnsupportedCapabilityException.class)
          .hasMessageContaining("images");
    }
  }
}
