package dev.switchboard.examples.cli;

import dev.switchboard.Route;
import dev.switchboard.Target;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.spi.ProviderConfig;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code switchboard models}: the logical models of a config and where each is served; then, for
 * each local server (Ollama, vLLM, llama.cpp, LM Studio, TGI), whether it is up, what it serves,
 * and which configured models it lacks. Exit code 1 if a server is down or lacks a model.
 */
@Command(
    name = "models",
    mixinStandardHelpOptions = true,
    description = {
      "List the logical models in the config and their targets, and ask each local server",
      "what it serves; configured models a server lacks are marked MISSING (exit code 1)."
    })
final class ModelsCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Spec CommandSpec spec;

  @Option(names = "--json", description = "Print the list as JSON.")
  boolean json;

  @Option(names = "--offline", description = "Do not contact the servers; list the config only.")
  boolean offline;

  @Override
  public Integer call() {
    SwitchboardConfig c = config.load();
    PrintWriter out = spec.commandLine().getOut();
    ServerReport servers = offline ? null : ServerReport.probe(c);
    int code = servers == null || servers.healthy() ? 0 : SwitchboardCli.CALL_FAILED;
    if (json) {
      Map<String, Object> all = asJson(c);
      if (servers != null) all.put("servers", servers.asJson());
      out.println(Json.write(all));
      return code;
    }
    for (Map.Entry<String, Route> m : c.models().entrySet()) {
      boolean isDefault = c.defaultModel().map(m.getKey()::equals).orElse(false);
      out.println(
          m.getKey()
              + (isDefault ? " (default)" : "")
              + "  strategy="
              + m.getValue().strategy().name().toLowerCase(Locale.ROOT));
      for (Target t : m.getValue().targets()) {
        ProviderConfig p = c.providers().get(t.provider());
        out.println(
            "  -> "
                + t.label()
                + (m.getValue().strategy() == Route.Strategy.WEIGHTED
                    ? "  weight=" + t.weight()
                    : "")
                + "  ["
                + (p == null ? "?" : p.describe())
                + "]");
      }
    }
    if (servers != null && !servers.isEmpty()) {
      out.println();
      out.println("servers:");
      servers.lines().forEach(out::println);
    }
    return code;
  }

  private static Map<String, Object> asJson(SwitchboardConfig c) {
    Map<String, Object> out = Json.document();
    out.put("defaultModel", c.defaultModel().orElse(null));
    out.put("defaultEmbeddingModel", c.defaultEmbeddingModel().orElse(null));
    List<Map<String, Object>> models = new ArrayList<>();
    for (Map.Entry<String, Route> m : c.models().entrySet()) {
      Map<String, Object> model = new LinkedHashMap<>();
      model.put("name", m.getKey());
      model.put("strategy", m.getValue().strategy().name().toLowerCase(Locale.ROOT));
      List<Map<String, Object>> targets = new ArrayList<>();
      for (Target t : m.getValue().targets()) {
        Map<String, Object> target = new LinkedHashMap<>();
        target.put("provider", t.provider());
        target.put("model", t.model());
        target.put("weight", t.weight());
        ProviderConfig p = c.providers().get(t.provider());
        target.put("providerType", p == null ? null : p.type());
        target.put("describe", p == null ? null : p.describe());
        targets.add(target);
      }
      model.put("targets", targets);
      models.add(model);
    }
    out.put("models", models);
    return out;
  }
}
