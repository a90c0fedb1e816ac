package dev.switchboard.testkit.stubs;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.usage.Usage;
import java.util.List;

/**
 * Bodies shaped like a real Ollama server's (protocols.md §2 and the examples in Ollama's {@code
 * docs/openapi.yaml}): whole chat answers, NDJSON streams (content pieces, a tool-call line, the
 * final {@code done:true} line with counts and nanosecond durations), embeddings, model lists and
 * details, and the plain {@code {"error": "..."}} body. For WireMock stubs in adapter and
 * application tests.
 *
 * @since 0.1
 */
public final class OllamaStubs {
  public static final String MODEL = "llama3.1:8b";
  private static final String CREATED = "\"created_at\":\"2025-10-17T23:14:07.414671Z\"";

  private OllamaStubs() {}

  public static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** Splits text into word-sized pieces that join back to it. */
  public static List<String> pieces(String text) {
    return List.of(text.split("(?<= )"));
  }

  /** The counts and durations of the final object. */
  static String done(String reason, Usage u) {
    return "\"done\":true,\"done_reason\":"
        + q(reason)
        + ",\"total_duration\":174560334,\"load_duration\":101397084,"
        + "\"prompt_eval_count\":"
        + u.inputTokens()
        + ",\"prompt_eval_duration\":13074791,\"eval_count\":"
        + u.outputTokens()
        + ",\"eval_duration\":52479709";
  }

  public static String text(String text, Usage u) {
    return "{\"model\":\""
        + MODEL
        + "\","
        + CREATED
        + ",\"message\":{\"role\":\"assistant\",\"content\":"
        + q(text)
        + "},"
        + done("stop", u)
        + "}";
  }

  public static String toolCalls(List<ToolCall> calls, Usage u) {
    return "{\"model\":\""
        + MODEL
        + "\","
        + CREATED
        + ",\"message\":{\"role\":\"assistant\",\"content\":\"\","
        + "\"tool_calls\":"
        + calls(calls)
        + "},"
        + done("stop", u)
        + "}";
  }

  /** Tool calls as Ollama sends them: arguments are a JSON object, not a string. */
  static String calls(List<ToolCall> calls) {
    StringBuilder sb = new StringBuilder("[");
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      if (i > 0) sb.append(',');
      sb.append("{\"id\":")
          .append(q(c.id()))
          .append(",\"function\":{\"index\":")
          .append(i)
          .append(",\"name\":")
          .append(q(c.name()))
          .append(",\"arguments\":")
          .append(c.arguments())
          .append("}}");
    }
    return sb.append(']').toString();
  }

  static String line(String content) {
    return "{\"model\":\""
        + MODEL
        + "\","
        + CREATED
        + ",\"message\":{\"role\":\"assistant\",\"content\":"
        + q(content)
        + "},\"done\":false}\n";
  }

  public static String textStream(String text, Usage u, boolean done) {
    StringBuilder sb = new StringBuilder();
    for (String p : pieces(text)) sb.append(line(p));
    if (done) {
      sb.append(
              "{\"model\":\""
                  + MODEL
                  + "\","
                  + CREATED
                  + ",\"message\":{\"role\":\"assistant\",\"content\":\"\"},")
          .append(done("stop", u))
          .append("}\n");
    }
    return sb.toString();
  }

  public static String toolStream(List<ToolCall> calls, Usage u) {
    return "{\"model\":\""
        + MODEL
        + "\","
        + CREATED
        + ",\"message\":{\"role\":\"assistant\",\"content\":\"\",\"tool_calls\":"
        + calls(calls)
        + "},\"done\":false}\n"
        + "{\"model\":\""
        + MODEL
        + "\","
        + CREATED
        + ",\"message\":{\"role\":\"assistant\",\"content\":\"\"},"
        + done("stop", u)
        + "}\n";
  }

  /** A stream that starts answering, then the runner fails: an error line under status 200. */
  public static String streamWithError(String partial) {
    StringBuilder sb = new StringBuilder();
    for (String p : pieces(partial)) sb.append(line(p));
    return sb.append(
            "{\"error\":\"an error was encountered while running the model: unexpected EOF\"}\n")
        .toString();
  }

  public static String embeddings(List<float[]> vectors, Usage u) {
    StringBuilder sb = new StringBuilder("{\"model\":\"nomic-embed-text\",\"embeddings\":[");
    for (int i = 0; i < vectors.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append('[');
      float[] v = vectors.get(i);
      for (int j = 0; j < v.length; j++) sb.append(j > 0 ? "," : "").append(v[j]);
      sb.append(']');
    }
    return sb.append(
            "],\"total_duration\":14143917,\"load_duration\":1019500,\"prompt_eval_count\":")
        .append(u.inputTokens())
        .append('}')
        .toString();
  }

  public static String error(String message) {
    return "{\"error\":" + q(message) + "}";
  }

  public static String tags() {
    return "{\"models\":["
        + "{\"name\":\"llama3.1:8b\",\"model\":\"llama3.1:8b\",\"modified_at\":\"2025-09-02T10:11:12.345678-07:00\","
        + "\"size\":4920753328,\"digest\":\"sha256:46e0c10c039e019119339687c3c1757cc81b9da49709a3b3924863ba87ca666e\","
        + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\",\"families\":[\"llama\"],"
        + "\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"}},"
        + "{\"name\":\"nomic-embed-text:latest\",\"model\":\"nomic-embed-text:latest\",\"modified_at\":\"2025-08-14T15:49:43.634137516-07:00\","
        + "\"size\":274302450,\"digest\":\"sha256:0a109f422b47e3a30ba2b10eca18548e944e8a23073ee3f3e947efcf3c45e59f\","
        + "\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"nomic-bert\",\"families\":[\"nomic-bert\"],"
        + "\"parameter_size\":\"137M\",\"quantization_level\":\"F16\"}}]}";
  }

  /** {@code /api/show} of a tool-capable text model with a 128k context. */
  public static String showChatModel() {
    return "{\"modelfile\":\"# Modelfile generated by \\\"ollama show\\\"\",\"parameters\":\"stop \\\"<|eot_id|>\\\"\","
        + "\"template\":\"{{ .Prompt }}\",\"details\":{\"parent_model\":\"\",\"format\":\"gguf\",\"family\":\"llama\","
        + "\"families\":[\"llama\"],\"parameter_size\":\"8.0B\",\"quantization_level\":\"Q4_K_M\"},"
        + "\"model_info\":{\"general.architecture\":\"llama\",\"general.parameter_count\":8030261248,"
        + "\"llama.context_length\":131072,\"llama.embedding_length\":4096,\"tokenizer.ggml.model\":\"gpt2\"},"
        + "\"capabilities\":[\"completion\",\"tools\"],\"modified_at\":\"2025-09-02T10:11:12.345678-07:00\"}";
  }

  /** {@code /api/show} of a vision model without tools. */
  public static String showVisionModel() {
    return "{\"details\":{\"format\":\"gguf\",\"family\":\"gemma3\",\"parameter_size\":\"4.3B\",\"quantization_level\":\"Q4_K_M\"},"
        + "\"model_info\":{\"general.architecture\":\"gemma3\",\"gemma3.context_length\":32768},"
        + "\"capabilities\":[\"completion\",\"vision\"]}";
  }

  public static String version() {
    return "{\"version\":\"0.12.3\"}";
  }
}
