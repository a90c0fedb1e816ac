package dev.switchboard.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.examples.SwitchVendorByConfig.Run;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SwitchVendorByConfigTest {

  /**
   * Really different vendors, not two mocks: the mock, a Foundry v1 deployment and an Ollama server
   * (the testkit's loopback stubs, over HTTP), each a config that maps {@code discharge-summary}.
   */
  @Test
  void theSameCodeRunsOnTheMockAFoundryDeploymentAndAnOllamaServer() {
    List<Run> runs = SwitchVendorByConfig.onMockFoundryAndOllama();

    assertThat(runs)
        .extracting(r -> r.answer().provider() + "/" + r.answer().model())
        .containsExactly(
            "mock/mock-chat-1", "foundry-us/gpt-4o-2024-08-06", "gpu-ward/llama3.1:8b");
    assertThat(runs)
        .extracting(Run::vendorPath)
        .containsExactly(null, "POST /openai/v1/chat/completions", "POST /api/chat");
    assertThat(runs.get(1).answer().text()).endsWith("(Foundry).");
    assertThat(runs.get(2).answer().text()).endsWith("(Ollama).");
  }

  @Test
  void givenConfigFilesItRunsTheSameCodeOnEach() {
    Path sample = Path.of("../switchboard.yaml");
    if (!Files.exists(sample)) sample = Path.of("switchboard.yaml");

    List<Run> runs = SwitchVendorByConfig.onConfigFiles(sample.toString());

    assertThat(runs)
        .singleElement()
        .satisfies(r -> assertThat(r.answer().provider()).isEqualTo("mock"));
  }

  @Test
  void theExampleProgramsRun() throws Exception {
    PrintStream stdout = System.out;
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      Quickstart.main(new String[0]);
      StreamingExample.main(new String[0]);
      SwitchVendorByConfig.main(new String[0]);
    } finally {
      System.setOut(stdout);
    }
    assertThat(captured.toString(StandardCharsets.UTF_8))
        .contains("mock -> mock/mock-chat-1")
        .contains("foundry -> foundry-us/gpt-4o-2024-08-06 (POST /openai/v1/chat/completions)")
        .contains("ollama -> gpu-ward/llama3.1:8b (POST /api/chat)");
  }
}
