package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatResponse;
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

  @Test
  void theExampleProgramsRun() throws Exception {
    Quickstart.main(new String[0]);
    StreamingExample.main(new String[0]);
    SwitchVendorByConfig.main(new String[0]);
  }
}
