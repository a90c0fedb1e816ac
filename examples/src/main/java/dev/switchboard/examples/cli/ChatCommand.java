package dev.switchboard.examples.cli;

import dev.switchboard.ModelClient;
import dev.switchboard.chat.ChatEvent;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ChatStream;
import dev.switchboard.compliance.ComplianceTags;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
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

/** {@code switchboard chat}: one prompt, answered in full or streamed. */
@Command(
    name = "chat",
    mixinStandardHelpOptions = true,
    description = "Send a prompt to a logical model and print the answer (usage goes to stderr).")
final class ChatCommand implements Callable<Integer> {
  @Mixin ConfigOption config;

  @Mixin CallOptions call;

  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      paramLabel = "NAME",
      description = "Logical model (default: the config's default model).")
  String model;

  @Option(names = "--stream", description = "Print the answer as it arrives.")
  boolean stream;

  @Option(names = "--json", description = "Print the response as one JSON object.")
  boolean json;

  @Option(names = "--tag", paramLabel = "KEY=VALUE", description = "Attribution tag; repeatable.")
  Map<String, String> tags = new LinkedHashMap<>();

  @Option(names = "--system", paramLabel = "TEXT", description = "A system message.")
  String system;

  @Option(names = "--max-tokens", paramLabel = "N", description = "Upper bound on output tokens.")
  Integer maxTokens;

  @Option(names = "--temperature", paramLabel = "T", description = "Sampling temperature, 0 to 2.")
  Double temperature;

  @Option(
      names = "--data-class",
      paramLabel = "CLASS",
      description =
          "Compliance data class: PUBLIC, INTERNAL, PHI, LDS, SYNTHETIC (de-identified classes need an attestation in code).")
  String dataClass;

  @Option(
      names = "--purpose",
      paramLabel = "CODE",
      description = "HL7 purpose of use: TREAT, ETREAT, HPAYMT, HOPERAT, HRESCH, ...")
  String purpose;

  @Option(
      names = "--sensitivity",
      paramLabel = "CODE",
      split = ",",
      description = "HL7 sensitivity codes (SUD, HIV, PSY, ...); repeatable or comma-separated.")
  List<String> sensitivity = new java.util.ArrayList<>();

  @Option(
      names = "--dua",
      paramLabel = "ID",
      description = "The data use agreement of a limited data set.")
  String dua;

  @Option(
      names = "--break-glass",
      paramLabel = "REASON",
      description = "Emergency access and why (no patient identifiers).")
  String breakGlass;

  @Option(
      names = "--pin-provider",
      paramLabel = "ID",
      description = "Use only this provider; refused, never swapped, if ineligible.")
  String pinProvider;

  @Parameters(
      arity = "1..*",
      paramLabel = "PROMPT",
      description = "The prompt; '-' reads it from stdin.")
  List<String> prompt;

  @Override
  public Integer call() throws IOException {
    try {
      return run();
    } catch (IllegalArgumentException e) {
      Map<String, Object[]> fields = new LinkedHashMap<>();
      fields.put("ChatRequest.temperature", new Object[] {"--temperature", temperature});
      fields.put("ChatRequest.maxOutputTokens", new Object[] {"--max-tokens", maxTokens});
      fields.put("ChatRequest.model", new Object[] {"--model", model});
      fields.put("ChatRequest.pinProvider", new Object[] {"--pin-provider", pinProvider});
      fields.put("ChatRequest.system", new Object[] {"--system", system == null ? null : "TEXT"});
      throw Flags.translate(e, fields);
    }
  }

  private int run() throws IOException {
    PrintWriter err = spec.commandLine().getErr();
    ChatRequest request = request();
    try (ModelClient client = call.client(config.load(), err)) {
      String logical = request.model().or(client::defaultModel).orElse(null);
      PrintWriter out = spec.commandLine().getOut();
      ChatResponse response =
          stream && !json ? streamTo(client, request, out) : answer(client, request);
      if (json) {
        out.println(Json.write(Json.chat(response, logical)));
      } else {
        if (!stream) out.println(response.text());
        err.println(Summary.of(response));
      }
      Summary.budgetWarnings(response.budgets()).forEach(err::println);
      return 0;
    }
  }

  private ChatResponse answer(ModelClient client, ChatRequest request) {
    if (!stream) return client.chat(request);
    try (ChatStream s = client.stream(request)) {
      return s.response();
    }
  }

  private static ChatResponse streamTo(ModelClient client, ChatRequest request, PrintWriter out) {
    try (ChatStream s = client.stream(request)) {
      for (ChatEvent e : s) {
        if (e instanceof ChatEvent.TextDelta d) {
          out.print(d.text());
          out.flush();
        }
      }
      out.println();
      return s.response();
    }
  }

  private ChatRequest request() throws IOException {
    String text = String.join(" ", prompt);
    if (text.equals("-"))
      text = new String(System.in.readAllBytes(), StandardCharsets.UTF_8).strip();
    ChatRequest.Builder b = ChatRequest.builder().model(model).tags(tags);
    if (system != null) b.system(system);
    b.user(text);
    if (maxTokens != null) b.maxOutputTokens(maxTokens);
    if (temperature != null) b.temperature(temperature);
    if (pinProvider != null) b.pinProvider(pinProvider);
    ComplianceTags tags = Compliance.tags(dataClass, purpose, sensitivity, dua, breakGlass);
    if (tags != null) b.compliance(tags);
    return b.build();
  }
}
