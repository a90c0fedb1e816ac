package dev.switchboard.examples;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatResponse;
import java.nio.file.Path;

/**
 * Switching vendors is a config edit: the same {@link DischargeSummarizer} runs against each config
 * file given on the command line (by default the two bundled example configs).
 *
 * <pre>
 * java -cp examples/target/switchboard.jar dev.switchboard.examples.SwitchVendorByConfig a.yaml b.yaml
 * </pre>
 */
public final class SwitchVendorByConfig {
  private SwitchVendorByConfig() {}

  public static void main(String[] args) throws Exception {
    if (args.length == 0) {
      args =
          new String[] {
            Bundled.copy("vendor-a.yaml").toString(), Bundled.copy("vendor-b.yaml").toString()
          };
    }
    for (String file : args) {
      try (ModelClient client = ModelClient.fromConfig(Path.of(file))) {
        ChatResponse r =
            new DischargeSummarizer(client).summarize("Patient stable after CAP; afebrile 48h.");
        System.out.println(file + " -> " + r.provider() + "/" + r.model() + ": " + r.text());
      }
    }
  }

  /** The example configs shipped inside the jar, copied to temporary files. */
  static final class Bundled {
    private Bundled() {}

    static Path copy(String name) throws java.io.IOException {
      Path file = java.nio.file.Files.createTempFile("switchboard-", "-" + name);
      try (var in =
          SwitchVendorByConfig.class.getResourceAsStream(
              "/dev/switchboard/examples/configs/" + name)) {
        java.nio.file.Files.write(file, in.readAllBytes());
      }
      file.toFile().deleteOnExit();
      return file;
    }
  }
}
