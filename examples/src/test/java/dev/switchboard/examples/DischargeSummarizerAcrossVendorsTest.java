package dev.switchboard.examples;

import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.usage.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The same application code ({@link DischargeSummarizer}) runs against Microsoft Foundry, an Ollama
 * server and a vLLM server, each a loopback server in its own wire format; between the three runs
 * only the config changes.
 */
class DischargeSummarizerAcrossVendorsTest {
  private static final String NOTE = "Patient stable after CAP; afebrile 48h.";

  /** The one thing that differs between the runs: where discharge-summary is served. */
  private static String config(String provider) {
    return "providers:\n"
        + provider
        + "models:\n  discharge-summary: { provider: summaries, model: %s }\n";
  }

  private static ChatResponse summarizeWith(String yaml) {
    try (ModelClient client =
        ModelClient.builder(SwitchboardConfig.parse(yaml, "vendor.yaml")).build()) {
      return new DischargeSummarizer(client).summarize(NOTE);
    }
  }

  @Test
  void theSameApplicationCodeRunsAgainstFoundryOllamaAndVllmChangingOnlyTheConfig() {
    WireMockServer foundry =
        LoopbackServers.foundry("Foundry: stable, discharge home.", Usage.of(40, 8));
    WireMockServer ollama =
        LoopbackServers.ollama("Ollama: stable, discharge home.", Usage.of(41, 9));
    WireMockServer vllm = LoopbackServers.vllm("vLLM: stable, discharge home.", Usage.of(42, 10));
    try {
      List<String> configs =
          List.of(
              config(
                      "  summaries:\n    type: foundry\n    endpoint: \""
                          + foundry.baseUrl()
                          + "\"\n    api: openai-v1\n"
                          + "    auth: { type: api-key, key: test-key-0000 }\n")
                  .formatted("gpt-4.1-mini"),
              config("  summaries: { type: ollama, base-url: \"" + ollama.baseUrl() + "\" }\n")
                  .formatted("\"llama3.1:8b\""),
              config(
                      "  summaries: { type: openai-compatible, server: vllm, base-url: \""
                          + vllm.baseUrl()
                          + "/v1\" }\n")
                  .formatted("meta-llama/Llama-3.1-8B-Instruct"));

      ChatResponse a = summarizeWith(configs.get(0));
      ChatResponse b = summarizeWith(configs.get(1));
      ChatResponse c = summarizeWith(configs.get(2));

      assertThat(List.of(a.text(), b.text(), c.text()))
          .containsExactly(
              "Foundry: stable, discharge home.",
              "Ollama: stable, discharge home.",
              "vLLM: stable, discharge home.");
      assertThat(List.of(a.usage(), b.usage(), c.usage()))
          .containsExactly(Usage.of(40, 8), Usage.of(41, 9), Usage.of(42, 10));
      assertThat(List.of(a.provider(), b.provider(), c.provider())).containsOnly("summaries");
      assertThat(List.of(a.cost(), b.cost(), c.cost())).allMatch(cost -> cost.isPresent());
      assertThat(foundry.findAll(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions"))))
          .hasSize(1);
      assertThat(ollama.findAll(postRequestedFor(urlPathEqualTo("/api/chat")))).hasSize(1);
      assertThat(vllm.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")))).hasSize(1);
      // each got the application's request in its own dialect: the output limit, for one
      assertThat(
              foundry
                  .findAll(postRequestedFor(urlPathEqualTo("/openai/v1/chat/completions")))
                  .get(0)
                  .getBodyAsString())
          .contains("\"max_completion_tokens\":200");
      assertThat(
              ollama
                  .findAll(postRequestedFor(urlPathEqualTo("/api/chat")))
                  .get(0)
                  .getBodyAsString())
          .contains("\"num_predict\":200")
          .contains("\"stream\":false");
      assertThat(
              vllm.findAll(postRequestedFor(urlPathEqualTo("/v1/chat/completions")))
                  .get(0)
                  .getBodyAsString())
          .contains("\"max_tokens\":200");
    } finally {
      foundry.stop();
      ollama.stop();
      vllm.stop();
    }
  }
}
