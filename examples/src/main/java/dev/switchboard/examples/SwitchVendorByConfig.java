package dev.switchboard.examples;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.testkit.server.Vendor;
import dev.switchboard.testkit.server.VendorServer;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Switching vendors is a config edit: the same {@link DischargeSummarizer} runs on three configs
 * that map the logical model {@code discharge-summary} to the mock, to a Microsoft Foundry
 * deployment and to an Ollama server. Foundry and Ollama are the test kit's loopback stub servers,
 * which speak each vendor's wire format over real HTTP, so nothing needs a key or a GPU. Given
 * config files as arguments, it runs the same code on each of those instead (your own vendors).
 *
 * <pre>
 * java -cp examples/target/switchboard.jar dev.switchboard.examples.SwitchVendorByConfig
 * java -cp examples/target/switchboard.jar dev.switchboard.examples.SwitchVendorByConfig switchboard.yaml
 * </pre>
 */
public final class SwitchVendorByConfig {
  private SwitchVendorByConfig() {}

  private static final String NOTE = "Patient stable after CAP; afebrile 48h.";

  /** The built-in mock: no server at all. */
  static final String MOCK =
      """
      providers:
        mock: { type: mock }
      models:
        discharge-summary: { provider: mock, model: mock-chat-1 }
      """;

  /**
   * A Foundry (Azure OpenAI v1) deployment at {@code %s}. Its deployment name is not in the price
   * catalog, so the config prices it (with cost tracking on the class path, an unpriced model is
   * refused before anything is sent).
   */
  static final String FOUNDRY =
      """
      providers:
        foundry-us:
          type: foundry
          endpoint: "%s"
          api: openai-v1
          auth: { type: api-key, key: demo-key-for-the-stub }
          pricing: { input-per-million: 2.50, output-per-million: 10.00 }
      models:
        discharge-summary: { provider: foundry-us, model: gpt-4o-prod }
      """;

  /** An Ollama server at {@code %s}. */
  static final String OLLAMA =
      """
      providers:
        gpu-ward: { type: ollama, base-url: "%s" }
      models:
        discharge-summary: { provider: gpu-ward, model: "llama3.1:8b" }
      """;

  /** One run of the application code: the config's name, the answer, and what the vendor got. */
  record Run(String config, ChatResponse answer, String vendorPath) {}

  public static void main(String[] args) {
    List<Run> runs = args.length == 0 ? onMockFoundryAndOllama() : onConfigFiles(args);
    print(runs, System.out);
  }

  /** Runs the same code on the mock, a Foundry stub and an Ollama stub. */
  static List<Run> onMockFoundryAndOllama() {
    List<Run> runs = new ArrayList<>();
    runs.add(run("mock", MOCK, null));
    try (VendorServer foundry = VendorServer.start(Vendor.FOUNDRY_OPENAI_V1);
        VendorServer ollama = VendorServer.start(Vendor.OLLAMA)) {
      foundry.answer("Stable after CAP; discharge home on oral antibiotics (Foundry).");
      ollama.answer("Afebrile 48h after CAP treatment; safe for discharge (Ollama).");
      runs.add(run("foundry", FOUNDRY.formatted(foundry.baseUrl()), foundry));
      runs.add(run("ollama", OLLAMA.formatted(ollama.baseUrl()), ollama));
    }
    return runs;
  }

  /** Runs the same code on each config file. */
  static List<Run> onConfigFiles(String... files) {
    List<Run> runs = new ArrayList<>();
    for (String file : files) {
      try (ModelClient client = ModelClient.fromConfig(Path.of(file))) {
        runs.add(new Run(file, new DischargeSummarizer(client).summarize(NOTE), null));
      }
    }
    return runs;
  }

  private static Run run(String name, String yaml, VendorServer server) {
    try (ModelClient client = ModelClient.fromYaml(yaml)) {
      ChatResponse answer = new DischargeSummarizer(client).summarize(NOTE);
      String path = server == null ? null : "POST " + server.lastRequest().path();
      return new Run(name, answer, path);
    }
  }

  static void print(List<Run> runs, PrintStream out) {
    for (Run r : runs) {
      out.println(
          r.config()
              + " -> "
              + r.answer().provider()
              + "/"
              + r.answer().model()
              + (r.vendorPath() == null ? "" : " (" + r.vendorPath() + ")")
              + ": "
              + r.answer().text());
    }
  }
}
