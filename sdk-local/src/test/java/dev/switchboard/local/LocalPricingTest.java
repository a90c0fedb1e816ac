package dev.switchboard.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Local models cost nothing by default, but the cost is always shown; with an internal rate in the
 * provider's {@code pricing} they cost per token or per GPU-second, the GPU time being what the
 * server reports it spent ({@code total_duration}: 174.56 ms in the stub), not the wall time.
 */
class LocalPricingTest {
  private final OllamaFixture fixture = new OllamaFixture();

  @AfterEach
  void stop() {
    fixture.close();
  }

  private ModelClient client(String pricing) {
    String yaml =
        "providers:\n  gpu-ward:\n    type: ollama\n    base-url: "
            + fixture.baseUrl()
            + "\n"
            + pricing
            + "models:\n  notes: { provider: gpu-ward, model: \"llama3.1:8b\" }\n";
    return ModelClient.builder(SwitchboardConfig.parse(yaml, "pricing.yaml")).build();
  }

  @Test
  void aLocalModelCostsZeroButTheCostIsShown() {
    fixture.givenTextReply("Stable.", Usage.of(1_000, 200));
    try (ModelClient client = client("")) {
      ChatResponse r = client.chat(ChatRequest.builder().user("Summarize.").build());
      assertThat(r.cost()).isPresent();
      Cost cost = r.cost().get();
      assertThat(cost.amount()).isZero();
      assertThat(cost.unpriced()).isFalse();
      assertThat(cost.estimated()).isFalse();
    }
  }

  @Test
  void anInternalRatePerTokenAndPerGpuSecondIsCharged() {
    fixture.givenTextReply("Stable.", Usage.of(1_000, 200));
    try (ModelClient client =
        client(
            "    pricing: { input-per-million: 0.05, output-per-million: 0.15, per-gpu-second: 0.002 }\n")) {
      ChatResponse r = client.chat(ChatRequest.builder().user("Summarize.").build());
      // 1,000 x 0.05 / 1e6 + 200 x 0.15 / 1e6 + 0.174 s x 0.002 = 0.00005 + 0.00003 + 0.000348
      assertThat(r.cost().orElseThrow().amount()).isEqualByComparingTo("0.000428");
      assertThat(r.serverTime())
          .contains(java.time.Duration.ofNanos(174_560_334)); // through the whole pipeline
      try (ChatStream s = client.stream(ChatRequest.builder().user("Summarize.").build())) {
        s.forEach(e -> {});
        assertThat(s.response().cost().orElseThrow().amount())
            .as("a stream costs the same")
            .isEqualByComparingTo("0.000428");
        assertThat(s.response().serverTime()).contains(java.time.Duration.ofNanos(174_560_334));
      }
    }
  }
}
