package dev.switchboard.examples.cli;

import dev.switchboard.ModelClient;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.embedding.Embedding;
import dev.switchboard.embedding.EmbeddingRequest;
import dev.switchboard.embedding.EmbeddingResponse;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code switchboard embed}: embed one or more texts. */
@Command(
    name = "embed",
    mixinStandardHelpOptions = true,
    description = "Embed texts and print their vectors (a short form unless --json).")
final class EmbedCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Mixin CallOptions call;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description =
          "Logical model (default: the config's default-embedding-model, else its default model).")
  String model;

  @Option(
      names = "--dimensions",
      paramLabel = "N",
      description = "Vector size, for models that can shorten vectors.")
  Integer dimensions;

  @Option(
      names = "--json",
      description = "Print the response as one JSON object with full vectors.")
  boolean json;

  @Parameters(arity = "1..*", paramLabel = "TEXT", description = "Texts to embed, one vector each.")
  List<String> texts;

  @Override
  public Integer call() {
    try {
      return run();
    } catch (IllegalArgumentException e) {
      Map<String, Object[]> fields = new LinkedHashMap<>();
      fields.put("EmbeddingRequest.model", new Object[] {"--model", model});
      fields.put("EmbeddingRequest.dimensions", new Object[] {"--dimensions", dimensions});
      throw Flags.translate(e, fields);
    }
  }

  private int run() {
    SwitchboardConfig c = config.load();
    String logical = model != null ? model : c.defaultEmbeddingModel().orElse(null);
    try (ModelClient client = call.client(c, spec.commandLine().getErr())) {
      EmbeddingRequest.Builder b = EmbeddingRequest.builder().model(logical).inputs(texts);
      if (dimensions != null) b.dimensions(dimensions);
      EmbeddingRequest request = b.build();
      EmbeddingResponse r = client.embed(request);
      PrintWriter out = spec.commandLine().getOut();
      PrintWriter err = spec.commandLine().getErr();
      Summary.budgetWarnings(r.budgets()).forEach(err::println);
      if (json) {
        out.println(
            Json.write(Json.embedding(r, request.model().or(client::defaultModel).orElse(null))));
        return 0;
      }
      for (Embedding e : r.embeddings()) {
        StringBuilder head = new StringBuilder();
        for (int i = 0; i < Math.min(4, e.dimensions()); i++)
          head.append(i == 0 ? "" : ", ").append(String.format("%.4f", e.get(i)));
        out.println(
            "["
                + e.index()
                + "] "
                + e.dimensions()
                + " dimensions: ["
                + head
                + (e.dimensions() > 4 ? ", ...]" : "]"));
      }
      err.println(Summary.of(r));
      return 0;
    }
  }
}
