package dev.switchboard.local;

import java.util.Locale;
import java.util.Optional;

/**
 * The kinds of model server a hospital runs itself. Ollama speaks its native API (config {@code
 * type: ollama}); the others are OpenAI-compatible servers (config {@code type: openai-compatible}
 * with {@code server:} one of their config names), each with its own quirks (protocols.md §3 to
 * §6).
 *
 * @since 0.1
 */
public enum LocalServer {
  /** Ollama, native API ({@code /api/chat}, NDJSON streams). */
  OLLAMA("ollama", "Ollama", 11434),
  /** vLLM's OpenAI-compatible server ({@code vllm serve}). */
  VLLM("vllm", "vLLM", 8000),
  /** llama.cpp's {@code llama-server}. */
  LLAMA_CPP("llama-cpp", "llama.cpp", 8080),
  /** LM Studio's local server. */
  LM_STUDIO("lm-studio", "LM Studio", 1234),
  /** Hugging Face Text Generation Inference (the Messages API). */
  TGI("tgi", "TGI", 3000),
  /** Any other server that speaks OpenAI chat completions. */
  GENERIC("generic", "OpenAI-compatible", 0);

  private final String configName;
  private final String displayName;
  private final int defaultPort;

  LocalServer(String configName, String displayName, int defaultPort) {
    this.configName = configName;
    this.displayName = displayName;
    this.defaultPort = defaultPort;
  }

  /** The name in config files, such as {@code llama-cpp}. */
  public String configName() {
    return configName;
  }

  /** The product's name for messages, such as {@code llama.cpp}. */
  public String displayName() {
    return displayName;
  }

  /** The port the server listens on by default; 0 if it has none. */
  public int defaultPort() {
    return defaultPort;
  }

  /** The server of a config name. */
  public static Optional<LocalServer> ofConfigName(String name) {
    for (LocalServer s : values()) {
      if (s.configName.equals(name)) return Optional.of(s);
    }
    return Optional.empty();
  }

  /** The config names of the OpenAI-compatible servers, for messages. */
  static String openAiNames() {
    StringBuilder sb = new StringBuilder();
    for (LocalServer s : values()) {
      if (s == OLLAMA) continue;
      if (sb.length() > 0) sb.append(" | ");
      sb.append(s.configName);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
