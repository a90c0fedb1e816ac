package dev.switchboard.testkit.stubs;

import static dev.switchboard.testkit.stubs.OllamaStubs.pieces;
import static dev.switchboard.testkit.stubs.OllamaStubs.q;

import dev.switchboard.chat.ToolCall;
import dev.switchboard.usage.Usage;
import java.util.List;

/**
 * Bodies shaped like each OpenAI-compatible server's real answers (protocols.md §3 to §6): vLLM
 * (its extra {@code stop_reason}, integer error codes), llama.cpp ({@code timings}, a keep-alive
 * comment, integer error codes, the {@code error:} SSE line, 503 while loading), LM Studio, TGI
 * (empty ids, {@code eos_token}, {@code {error, error_type}}), and a generic OpenAI-style server.
 * For WireMock stubs in adapter and application tests.
 *
 * @since 0.1
 */
public final class OpenAiServerStubs {
  /** The server whose flavour of the format to produce. */
  public enum Server {
    VLLM,
    LLAMA_CPP,
    LM_STUDIO,
    TGI,
    GENERIC
  }

  private final Server server;

  public OpenAiServerStubs(Server server) {
    this.server = server;
  }

  /** The model name each server reports serving. */
  public String servedModel() {
    return switch (server) {
      case VLLM -> "meta-llama/Llama-3.1-8B-Instruct";
      case LLAMA_CPP -> "qwen2.5-7b-instruct-q4_k_m.gguf";
      case LM_STUDIO -> "qwen2.5-7b-instruct";
      case TGI -> "mistralai/Mistral-7B-Instruct-v0.3";
      default -> "local-chat";
    };
  }

  private String id() {
    return server == Server.TGI ? "" : "chatcmpl-9a7f3c2e";
  }

  private String fingerprint() {
    return switch (server) {
      case TGI -> "\"system_fingerprint\":\"3.3.6-sha-db931fc\",";
      case LLAMA_CPP -> "\"system_fingerprint\":\"b6002-9a4c1d4e\",";
      default -> "";
    };
  }

  /** The finish value for a natural end: TGI says eos_token. */
  private String stop() {
    return server == Server.TGI ? "eos_token" : "stop";
  }

  /**
   * {@code "logprobs":null,} as the servers send it; TGI's spec types it as an object, so TGI stubs
   * leave it out.
   */
  private String logprobs() {
    return server == Server.TGI ? "" : "\"logprobs\":null,";
  }

  static String usage(Usage u) {
    return "\"usage\":{\"prompt_tokens\":"
        + u.inputTokens()
        + ",\"completion_tokens\":"
        + u.outputTokens()
        + ",\"total_tokens\":"
        + u.totalTokens()
        + "}";
  }

  private String timings() {
    return server != Server.LLAMA_CPP
        ? ""
        : ",\"timings\":{\"cache_n\":0,\"prompt_n\":21,\"prompt_ms\":38.112,"
            + "\"prompt_per_token_ms\":1.815,\"prompt_per_second\":551.01,\"predicted_n\":7,\"predicted_ms\":101.5,"
            + "\"predicted_per_token_ms\":14.5,\"predicted_per_second\":68.97}";
  }

  private String head(String object) {
    return "{\"id\":"
        + q(id())
        + ",\"object\":\""
        + object
        + "\",\"created\":1760000000,\"model\":"
        + q(servedModel())
        + ","
        + fingerprint();
  }

  public String text(String text, Usage u) {
    String extra = server == Server.VLLM ? ",\"stop_reason\":null" : "";
    return head("chat.completion")
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":"
        + q(text)
        + "},"
        + logprobs()
        + "\"finish_reason\":\""
        + stop()
        + "\""
        + extra
        + "}],"
        + usage(u)
        + timings()
        + "}";
  }

  public String toolCalls(List<ToolCall> calls, Usage u) {
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
    return head("chat.completion")
        + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,"
        + "\"tool_calls\":["
        + tc
        + "]},\"logprobs\":null,\"finish_reason\":\"tool_calls\"}],"
        + usage(u)
        + "}";
  }

  static String data(String json) {
    return "data: " + json + "\n\n";
  }

  private String chunk(String choices) {
    return head("chat.completion.chunk") + "\"choices\":" + choices + "}";
  }

  /** A text delta: TGI repeats the role on every chunk (its spec requires it). */
  private String delta(String content) {
    return server == Server.TGI
        ? "{\"role\":\"assistant\",\"content\":" + q(content) + "}"
        : "{\"content\":" + q(content) + "}";
  }

  private String finishDelta() {
    return server == Server.TGI ? delta("") : "{}";
  }

  public String textStream(String text, Usage u, boolean done) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        data(
            chunk(
                "[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},"
                    + logprobs()
                    + "\"finish_reason\":null}]")));
    if (server == Server.LLAMA_CPP)
      sb.append(": ping\n\n"); // llama.cpp's keep-alive during prompt processing
    for (String p : pieces(text)) {
      sb.append(
          data(
              chunk(
                  "[{\"index\":0,\"delta\":"
                      + delta(p)
                      + ","
                      + logprobs()
                      + "\"finish_reason\":null}]")));
    }
    if (!done) return sb.toString();
    sb.append(
        data(
            chunk(
                "[{\"index\":0,\"delta\":"
                    + finishDelta()
                    + ","
                    + logprobs()
                    + "\"finish_reason\":\""
                    + stop()
                    + "\"}]")));
    sb.append(data(head("chat.completion.chunk") + "\"choices\":[]," + usage(u) + timings() + "}"));
    return sb.append("data: [DONE]\n\n").toString();
  }

  /**
   * Tool calls as fragments: the first carries id, type and name, later ones pieces of the
   * arguments; TGI repeats the role, id and type on each (its spec requires them).
   */
  public String toolStream(List<ToolCall> calls, Usage u) {
    StringBuilder sb = new StringBuilder();
    String role = server == Server.TGI ? "\"role\":\"assistant\"," : "";
    for (int i = 0; i < calls.size(); i++) {
      ToolCall c = calls.get(i);
      String idType = "\"id\":" + q(c.id()) + ",\"type\":\"function\",";
      sb.append(
          data(
              chunk(
                  "[{\"index\":0,\"delta\":{"
                      + role
                      + "\"tool_calls\":[{\"index\":"
                      + i
                      + ","
                      + idType
                      + "\"function\":{\"name\":"
                      + q(c.name())
                      + ",\"arguments\":\"\"}}]},\"finish_reason\":null}]")));
      String args = c.arguments();
      int mid = args.length() / 2;
      for (String part : new String[] {args.substring(0, mid), args.substring(mid)}) {
        sb.append(
            data(
                chunk(
                    "[{\"index\":0,\"delta\":{"
                        + role
                        + "\"tool_calls\":[{\"index\":"
                        + i
                        + ","
                        + (server == Server.TGI ? idType : "")
                        + "\"function\":{\"arguments\":"
                        + q(part)
                        + "}}]},\"finish_reason\":null}]")));
      }
    }
    sb.append(
        data(
            chunk(
                "[{\"index\":0,\"delta\":"
                    + finishDelta()
                    + ",\"finish_reason\":\"tool_calls\"}]")));
    sb.append(data(head("chat.completion.chunk") + "\"choices\":[]," + usage(u) + "}"));
    return sb.append("data: [DONE]\n\n").toString();
  }

  public String embeddings(List<float[]> vectors, Usage u) {
    StringBuilder sb =
        new StringBuilder(
            "{\"id\":\"embd-5b1c\",\"object\":\"list\",\"created\":1760000000,\"model\":\"BAAI/bge-m3\",\"data\":[");
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
        .append(",\"completion_tokens\":0}}")
        .toString();
  }

  /** The server's error body for a status, in its own shape. */
  public String error(int status, String message) {
    switch (server) {
      case VLLM:
        if (status == 401) return "{\"error\":\"Unauthorized\"}"; // vLLM's API-key middleware
        return "{\"error\":{\"message\":"
            + q(message)
            + ",\"type\":\""
            + vllmType(status)
            + "\",\"param\":null,\"code\":"
            + status
            + "}}";
      case LLAMA_CPP:
        return "{\"error\":{\"code\":"
            + status
            + ",\"message\":"
            + q(message)
            + ",\"type\":\""
            + llamaType(status)
            + "\"}}";
      case TGI:
        return "{\"error\":" + q(message) + ",\"error_type\":\"" + tgiType(status) + "\"}";
      default:
        return "{\"error\":{\"message\":"
            + q(message)
            + ",\"type\":\""
            + (status >= 500 ? "server_error" : "invalid_request_error")
            + "\",\"param\":null,\"code\":null}}";
    }
  }

  private static String vllmType(int status) {
    return switch (status) {
      case 400 -> "BadRequestError";
      case 404 -> "NotFoundError";
      case 429 -> "RateLimitError";
      default -> "InternalServerError";
    };
  }

  private static String llamaType(int status) {
    return switch (status) {
      case 400 -> "invalid_request_error";
      case 401 -> "authentication_error";
      case 404 -> "not_found_error";
      case 503 -> "unavailable_error";
      default -> "server_error";
    };
  }

  private static String tgiType(int status) {
    return switch (status) {
      case 422 -> "validation";
      case 429 -> "overloaded";
      case 424 -> "generation";
      case 503 -> "healthcheck";
      default -> "incomplete_generation";
    };
  }

  /** The {@code /v1/models} list (TGI's spec shape: one object). */
  public String models() {
    if (server == Server.TGI) {
      return "{\"id\":"
          + q(servedModel())
          + ",\"object\":\"model\",\"created\":1760000000,\"owned_by\":"
          + q(servedModel())
          + "}";
    }
    String extra =
        switch (server) {
          case VLLM -> ",\"root\":" + q(servedModel()) + ",\"parent\":null,\"max_model_len\":32768";
          case LLAMA_CPP ->
              ",\"meta\":{\"vocab_type\":2,\"n_vocab\":152064,\"n_ctx_train\":32768,\"n_embd\":3584,\"n_params\":7615616512,\"size\":4677120000}";
          default -> "";
        };
    return "{\"object\":\"list\",\"data\":[{\"id\":"
        + q(servedModel())
        + ",\"object\":\"model\",\"created\":1760000000,"
        + "\"owned_by\":\""
        + server.name().toLowerCase(java.util.Locale.ROOT)
        + "\""
        + extra
        + "}]}";
  }
}
