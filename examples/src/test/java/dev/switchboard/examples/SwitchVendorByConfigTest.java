package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.testkit.server.Vendor;
import dev.switchboard.testkit.server.VendorServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class SwitchVendorByConfigTest {

  private static ChatResponse summarizeWith(String config) throws Exception {
    Path file = SwitchVendorByConfig.Bundled.copy(config);
    try (ModelClient client = ModelClient.fromConfig(file)) {
      return new DischargeSummarizer(client).summarize("Patient stable after CAP; afebrile 48h.");
    }
  }

  @Test
  void theSameApplicationCodeRunsAgainstTwoVendorsChangingOnlyTheConfig() throws Exception {
    ChatResponse a = summarizeWith("vendor-a.yaml");
    ChatResponse b = summarizeWith("vendor-b.yaml");
    assertThat(a.provider()).isEqualTo("vendor-a");
    assertThat(a.model()).isEqualTo("cloud-model-1");
    assertThat(b.provider()).isEqualTo("vendor-b");
    assertThat(b.model()).isEqualTo("llama3.1:8b");
    assertThat(a.text()).isNotEqualTo(b.text());
  }

  /**
   * Really different vendors, not two mocks: the mock, a Foundry v1 deployment and an Ollama server
   * (the testkit's loopback stubs, over HTTP), each a config that maps {@code discharge-summary}.
   */
  @Test
  void theSameCodeRunsOnTheMockAFoundryDeploymentAndAnOllamaServer() {
    String mock =
        "providers: { mock: { type: mock } }\n"
            + "models: { discharge-summary: { provider: mock, model: mock-chat-1 } }\n";
    try (ModelClient client = ModelClient.fromYaml(mock)) {
      assertThat(new DischargeSummarizer(client).summarize("Patient stable.").provider())
          .isEqualTo("mock");
    }
    for (Vendor vendor : new Vendor[] {Vendor.FOUNDRY_OPENAI_V1, Vendor.OLLAMA}) {
      try (VendorServer server = VendorServer.start(vendor);
          ModelClient client =
              ModelClient.fromYaml(server.config().replace("assistant", "discharge-summary"))) {
        server.answer("Stable; discharge home (" + vendor + ").");
        ChatResponse r = new DischargeSummarizer(client).summarize("Patient stable.");
        assertThat(r.text()).isEqualTo("Stable; discharge home (" + vendor + ").");
        assertThat(server.lastRequest().path())
            .isEqualTo(vendor == Vendor.OLLAMA ? "/api/chat" : "/openai/v1/chat/completions");
        assertThat(server.lastRequest().messageTexts()).contains("Patient stable.");
      }
    }
  }

  @Test
  void theExampleProgramsRun() throws Exception {
    Quickstart.main(new String[0]);
    StreamingExample.main(new String[0]);
    SwitchVendorByConfig.main(new String[0]);
  }
}
