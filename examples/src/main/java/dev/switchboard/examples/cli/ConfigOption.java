package dev.switchboard.examples.cli;

import dev.switchboard.config.SwitchboardConfig;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --config FILE} option shared by the commands; without it, the bundled mock config. */
final class ConfigOption {
  static final String BUNDLED = "bundled default config";

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Config file (default: the bundled mock config).")
  Path file;

  @Option(
      names = {"-v", "--verbose"},
      description = "Log Switchboard's decisions (attempts, routing, compliance, cost) to stderr.")
  boolean verbose;

  /** The config from --config, or the bundled one. */
  SwitchboardConfig load() {
    return file != null
        ? SwitchboardConfig.load(UsageError.existingFile("--config", file))
        : SwitchboardConfig.parse(bundled(), BUNDLED);
  }

  static String bundled() {
    try (InputStream in =
        ConfigOption.class.getResourceAsStream(
            "/dev/switchboard/examples/cli/default-config.yaml")) {
      if (in == null) throw new IllegalStateException("the bundled config is missing from the jar");
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
