package dev.switchboard.testkit.stubs;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Bodies shaped like Microsoft Foundry's answers, per API family (the OpenAI dialect of openai-v1,
 * azure-openai and model-inference, and Claude's Messages API), for WireMock stubs: non-streamed
 * JSON, SSE streams (with Azure's first filter chunk and usage chunk, or Anthropic's event
 * sequence), and error envelopes.
 */
public final class FoundryStubs {
  private FoundryStubs() {}

  public static String q(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  /** Splits text into word-sized pieces that join back to it. */
  public static List<String> pieces(String text) {
    return List.of(text.split("(?<= )"));
  }

  // ---- OpenAI dialect (openai-v1, azure-openai, model-inference)

  public static String openAiText(String text, Usage u) {
    return "{\"id\":\"chatcmpl-A1\",\"object\":\"chat.completion\",\"created\":1727000000,\"model\":\"gpt-4o-2024-08-06\","
        + "\"prompt_filter_results\":[{\"prompt_index\":0,\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
        + "\"jailbreak\":{\"filtered\":false,\"detected\":false}}}],"
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"stop\",\"logprobs\":null,\"message\":{\"role\":\"assistant\",\"content\":"
        + q(text)
        + ",\"refusal\":null},\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},"
        + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}],"
        + usage(u)
        + "}";
  }

  public static String usage(Usage u) {
    return "\"usage\":{\"prompt_tokens\":"
        + u.inputTokens()
        + ",\"completion_tokens\":"
        + u.outputTokens()
        + ",\"total_tokens\":"
        + u.totalTokens()
        + ",\"prompt_tokens_details\":{\"cached_tokens\":"
        + u.cachedInputTokens()
        + "},\"completion_tokens_details\":{\"reasoning_tokens\":"
        + u.reasoningTokens()
        + "}}";
  }

  public static String openAiToolCalls(List<ToolCall> calls, Usage u) {
    StringBuilder tc = new StringBuilder();
    for (ToolCall c : calls) {
      if (tc.length() > 0) tc.append(',');
      tc.append("{\"id\":")
          .append(q(c.id()))
          .append(",\"type\":\"function\",\"function\":{\"name\":")
          .append(q(c.name()))
          .append(",\"arguments\":")
          .append(q(c.arguments()))
          .append("}}");
    }
    return "{\"id\":\"chatcmpl-A2\",\"object\":\"chat.completion\",\"created\":1727000000,\"model\":\"gpt-4o\","
        + "\"choices\":[{\"index\":0,\"finish_reason\":\"tool_calls\",\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":["
        + tc
        + "]}}],"
        + usage(u)
        + "}";
  }

  public static String data(String json) {
    return "data: " + json + "\n\n";
  }

  public static String chunk(String choices) {
    return "{\"id\":\"chatcmpl-S1\",\"object\":\"chat.completion.chunk\",\"created\":1727000000,\"model\":\"gpt-4o\","
        + "\"system_fingerprint\":\"fp_1\",\"choices\":"
        + choices
        + ",\"usage\":null}";
  }

  /** Azure's first chunk: empty choices, only prompt filter results. */
  public static String filterChunk() {
    return "{\"choices\":[],\"created\":0,\"id\":\"\",\"model\":\"\",\"object\":\"\",\"prompt_filter_results\":[{\"prompt_index\":0,"
        + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},"
        + "\"jailbreak\":{\"filtered\":false,\"detected\":false}}}]}";
  }

  public static String openAiTextStream(String text, Usage u, boolean done) {
    StringBuilder sb = new StringBuilder(data(filterChunk()));
    sb.append(
        data(
            chunk(
                "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]")));
    sb.append(": keep-alive\n\n");
    for (String p : pieces(text)) {
      sb.append(
          data(
              chunk(
                  "[{\"index\":0,\"delta\":{\"content\":"
                      + q(p)
                      + "},\"finish_reason\":null,"
                      + "\"content_filter_results\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"}}}]")));
    }
    if (!done) return sb.toString();
    sb.append(data(chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]")));
    sb.append(
        data(
            "{\"id\":\"chatcmpl-S1\",\"object\":\"chat.completion.chunk\",\"created\":1727000000,\"model\":\"gpt-4o\",\"choices\":[],"
                + usage(u)
                + "}"));
    return sb.append("data: [DONE]\n\n").toString();
  }

  public static String openAiToolStream(List<ToolCall> calls, Usage u) {
    StringBuilder sb = new StringBuilder(data(filterChunk()));
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      sb.append(
          data(
              chunk(
                  "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":"
                      + i
                      + ",\"id\":"
                      + q(c.id())
                      + ",\"type\":\"function\",\"function\":{\"name\":"
                      + q(c.name())
                      + ",\"arguments\":\"\"}}]}}]")));
    }
    for (int i = 0; i < calls.size(); i++) {
      String args = calls.get(i).arguments();
      int mid = args.length() / 2;
      for (String part : new String[] {args.substring(0, mid), args.substring(mid)}) {
        sb.append(
            data(
                chunk(
                    "[{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":"
                        + i
                        + ",\"function\":{\"arguments\":"
                        + q(part)
                        + "}}]}}]")));
      }
    }
    sb.append(data(chunk("[{\"index\":0,\"delta\":{},\"finish_reason\":\"tool_calls\"}]")));
    sb.append(data("{\"id\":\"chatcmpl-S1\",\"choices\":[]," + usage(u) + "}"));
    return sb.append("data: [DONE]\n\n").toString();
  }

  public static String embeddings(List<float[]> vectors, Usage u) {
    StringBuilder sb =
        new StringBuilder("{\"object\":\"list\",\"model\":\"text-embedding-3-small\",\"data\":[");
    for (int i = 0; i < vectors.size(); i++) {
      if (i > 0) sb.append(',');
      sb.append("{\"index\":").append(i).append(",\"object\":\"embedding\",\"embedding\":[");
      float[] v = vectors.get(i);
      for (int j = 0; j < v.length; j++) sb.append(j > 0 ? "," : "").append(v[j]);
      sb.append("]}");
    }
    return sb.append("],\"usage\":{\"prompt_tokens\":")
        .append(u.inputTokens())
        .append(",\"total_tokens\":")
        .append(u.inputTokens())
        .append("}}")
        .toString();
  }

  public static String azureError(String code, String message) {
    return "{\"error\":{\"code\":"
        + q(code)
        + ",\"message\":"
        + q(message)
        + ",\"param\":null,\"type\":null}}";
  }

  public static String contentFilterError() {
    return "{\"error\":{\"message\":\"The response was filtered due to the prompt triggering Azure OpenAI's content management policy.\","
        + "\"type\":null,\"param\":\"prompt\",\"code\":\"content_filter\",\"status\":400,\"innererror\":{\"code\":\"ResponsibleAIPolicyViolation\","
        + "\"content_filter_result\":{\"hate\":{\"filtered\":false,\"severity\":\"safe\"},\"jailbreak\":{\"filtered\":true,\"detected\":true},"
        + "\"self_harm\":{\"filtered\":false,\"severity\":\"safe\"},\"sexual\":{\"filtered\":false,\"severity\":\"safe\"},"
        + "\"violence\":{\"filtered\":false,\"severity\":\"safe\"}}}}}";
  }

  // ---- Anthropic Messages

  public static String anthropicText(String text, Usage u) {
    return "{\"id\":\"msg_01A\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
        + "\"content\":[{\"type\":\"text\",\"text\":"
        + q(text)
        + "}],\"stop_reason\":\"end_turn\",\"stop_sequence\":null,"
        + "\"usage\":{\"input_tokens\":"
        + (u.inputTokens() - u.cachedInputTokens())
        + ",\"cache_creation_input_tokens\":0,"
        + "\"cache_read_input_tokens\":"
        + u.cachedInputTokens()
        + ",\"output_tokens\":"
        + u.outputTokens()
        + "}}";
  }

  public static String anthropicToolCalls(List<ToolCall> calls, Usage u) {
    StringBuilder blocks = new StringBuilder("{\"type\":\"text\",\"text\":\"Checking.\"}");
    for (ToolCall c : calls) {
      blocks
          .append(",{\"type\":\"tool_use\",\"id\":")
          .append(q(c.id()))
          .append(",\"name\":")
          .append(q(c.name()))
          .append(",\"input\":")
          .append(c.arguments())
          .append('}');
    }
    return "{\"id\":\"msg_01B\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":["
        + blocks
        + "],\"stop_reason\":\"tool_use\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
        + u.inputTokens()
        + ",\"output_tokens\":"
        + u.outputTokens()
        + "}}";
  }

  public static String event(String name, String json) {
    return "event: " + name + "\ndata: " + json + "\n\n";
  }

  public static String messageStart(Usage u) {
    return event(
        "message_start",
        "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_01S\",\"type\":\"message\",\"role\":\"assistant\","
            + "\"model\":\"claude-sonnet-4-5\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,\"usage\":{\"input_tokens\":"
            + u.inputTokens()
            + ",\"output_tokens\":1}}}");
  }

  public static String anthropicTextStream(String text, Usage u, boolean complete) {
    StringBuilder sb = new StringBuilder(messageStart(u));
    sb.append(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    sb.append(event("ping", "{\"type\":\"ping\"}"));
    for (String p : pieces(text)) {
      sb.append(
          event(
              "content_block_delta",
              "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":"
                  + q(p)
                  + "}}"));
    }
    if (!complete) return sb.toString();
    sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    sb.append(
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":"
                + u.outputTokens()
                + "}}"));
    return sb.append(event("message_stop", "{\"type\":\"message_stop\"}")).toString();
  }

  public static String anthropicToolStream(List<ToolCall> calls, Usage u) {
    StringBuilder sb = new StringBuilder(messageStart(u));
    sb.append(
        event(
            "content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
    sb.append(
        event(
            "content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Checking.\"}}"));
    sb.append(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      int block = i + 1;
      sb.append(
          event(
              "content_block_start",
              "{\"type\":\"content_block_start\",\"index\":"
                  + block
                  + ",\"content_block\":{\"type\":\"tool_use\","
                  + "\"id\":"
                  + q(c.id())
                  + ",\"name\":"
                  + q(c.name())
                  + ",\"input\":{}}}"));
      String args = c.arguments();
      int mid = args.length() / 2;
      for (String part : new String[] {"", args.substring(0, mid), args.substring(mid)}) {
        sb.append(
            event(
                "content_block_delta",
                "{\"type\":\"content_block_delta\",\"index\":"
                    + block
                    + ",\"delta\":{\"type\":\"input_json_delta\",\"partial_json\":"
                    + q(part)
                    + "}}"));
      }
      sb.append(
          event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":" + block + "}"));
    }
    sb.append(
        event(
            "message_delta",
            "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\",\"stop_sequence\":null},"
                + "\"usage\":{\"output_tokens\":"
                + u.outputTokens()
                + "}}"));
    return sb.append(event("message_stop", "{\"type\":\"message_stop\"}")).toString();
  }

  public static String anthropicError(String type, String message) {
    return "{\"type\":\"error\",\"error\":{\"type\":"
        + q(type)
        + ",\"message\":"
        + q(message)
        + "},\"request_id\":\"req_011CSHoEeqs5C35K2UUqR7Fy\"}";
  }

  public static List<String> list(String... s) {
    return new ArrayList<>(List.of(s));
  }
}
