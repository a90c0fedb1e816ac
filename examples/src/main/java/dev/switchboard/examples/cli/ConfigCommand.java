package dev.switchboard.examples.cli;

import dev.switchboard.config.SwitchboardConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard config}: work with config files. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = "Work with config files.",
    subcommands = ConfigCommand.Check.class)
final class ConfigCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return SwitchboardCli.USAGE;
  }

  /** {@code switchboard config check FILE}: validate, list every problem, exit 2 if any. */
  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description = "Validate a config file and print every problem with its path.")
  static final class Check implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "FILE", description = "The config file.")
    Path file;

    @Option(
        names = "--json",
        description = "Print the result as one JSON object (problems as a JSON error).")
    boolean json;

    @Override
    public Integer call() {
      SwitchboardConfig c = SwitchboardConfig.load(UsageError.existingFile("FILE", file));
      if (json) {
        Map<String, Object> doc = Json.document();
        doc.put("file", file.toString());
        doc.put("valid", true);
        doc.put("providers", List.copyOf(c.providers().keySet()));
        doc.put("models", List.copyOf(c.models().keySet()));
        doc.put("defaultModel", c.defaultModel().orElse(null));
        doc.put("defaultEmbeddingModel", c.defaultEmbeddingModel().orElse(null));
        spec.commandLine().getOut().println(Json.write(doc));
        return 0;
      }
      spec.commandLine()
          .getOut()
          .println(
              file
                  + ": OK ("
                  + c.providers().size()
                  + " providers, "
                  + c.models().size()
                  + " logical models"
                  + c.defaultModel().map(d -> ", default " + d).orElse("")
                  + ")");
      return 0;
    }
  }
}
