package dev.switchboard.testkit.server;

import dev.switchboard.testkit.stubs.OllamaStubs;
import dev.switchboard.testkit.stubs.OpenAiServerStubs;

/**
 * A vendor API a {@link VendorServer} can speak: its routes, its model names and the provider entry
 * of a Switchboard config that points at it.
 */
public enum Vendor {
  /** Microsoft Foundry, Azure OpenAI v1 API ({@code /openai/v1/chat/completions}). */
  FOUNDRY_OPENAI_V1(
      Family.OPENAI,
      "gpt-4o-prod",
      "text-embedding-3-small",
      "/openai/v1/chat/completions",
      "/openai/v1/embeddings"),
  /** Microsoft Foundry, classic Azure OpenAI deployments ({@code /openai/deployments/{d}/...}). */
  FOUNDRY_AZURE_OPENAI(
      Family.OPENAI,
      "gpt-4o-prod",
      "text-embedding-3-small",
      "/openai/deployments/[^/]+/chat/completions",
      "/openai/deployments/[^/]+/embeddings"),
  /** Microsoft Foundry Models, Azure AI Model Inference API ({@code /models/chat/completions}). */
  FOUNDRY_MODEL_INFERENCE(
      Family.OPENAI,
      "Mistral-Large-2411",
      "Cohere-embed-v3-english",
      "/models/chat/completions",
      "/models/embeddings"),
  /** Claude on Microsoft Foundry, Anthropic Messages API ({@code /anthropic/v1/messages}). */
  FOUNDRY_CLAUDE(Family.ANTHROPIC, "claude-sonnet-4-5", null, "/anthropic/v1/messages", null),
  /** Ollama's native API ({@code /api/chat}, {@code /api/embed}). */
  OLLAMA(Family.OLLAMA, OllamaStubs.MODEL, "nomic-embed-text", "/api/chat", "/api/embed"),
  /** vLLM's OpenAI-compatible server. */
  VLLM(Family.OPENAI, null, null, "/v1/chat/completions", "/v1/embeddings"),
  /** llama.cpp's {@code llama-server}. */
  LLAMA_CPP(Family.OPENAI, null, null, "/v1/chat/completions", "/v1/embeddings"),
  /** LM Studio's OpenAI-compatible server. */
  LM_STUDIO(Family.OPENAI, null, null, "/v1/chat/completions", "/v1/embeddings"),
  /**
   * Hugging Face Text Generation Inference's OpenAI-compatible Messages API (no embeddings: that is
   * a separate server, TEI).
   */
  TGI(Family.OPENAI, null, null, "/v1/chat/completions", null);

  /** The wire format family. */
  enum Family {
    OPENAI,
    ANTHROPIC,
    OLLAMA
  }

  final Family family;
  private final String chatModel;
  private final String embeddingModel;
  final String chatPath;
  final String embeddingsPath;

  Vendor(
      Family family,
      String chatModel,
      String embeddingModel,
      String chatPath,
      String embeddingsPath) {
    this.family = family;
    this.chatModel = chatModel;
    this.embeddingModel = embeddingModel;
    this.chatPath = chatPath;
    this.embeddingsPath = embeddingsPath;
  }

  /** The chat model (or deployment) the stub serves and the config routes {@code assistant} to. */
  public String chatModel() {
    return chatModel != null ? chatModel : localStubs().servedModel();
  }

  /** The embedding model the config routes {@code embeddings} to; none for Claude and TGI. */
  public java.util.Optional<String> embeddingModel() {
    if (embeddingsPath == null) return java.util.Optional.empty();
    return java.util.Optional.of(embeddingModel != null ? embeddingModel : chatModel());
  }

  /** True for Microsoft Foundry's families. */
  public boolean isFoundry() {
    return name().startsWith("FOUNDRY_");
  }

  /** The body builders of a local OpenAI-compatible server. */
  OpenAiServerStubs localStubs() {
    return new OpenAiServerStubs(
        switch (this) {
          case VLLM -> OpenAiServerStubs.Server.VLLM;
          case LLAMA_CPP -> OpenAiServerStubs.Server.LLAMA_CPP;
          case LM_STUDIO -> OpenAiServerStubs.Server.LM_STUDIO;
          case TGI -> OpenAiServerStubs.Server.TGI;
          default -> OpenAiServerStubs.Server.GENERIC;
        });
  }

  /** The provider entry of a config, as YAML flow mapping, for a server at {@code baseUrl}. */
  String providerYaml(String baseUrl) {
    String key = "auth: { type: api-key, key: stub-test-key }";
    return switch (this) {
      case FOUNDRY_OPENAI_V1 ->
          "{ type: foundry, endpoint: \"" + baseUrl + "\", api: openai-v1, " + key + " }";
      case FOUNDRY_AZURE_OPENAI ->
          "{ type: foundry, endpoint: \"" + baseUrl + "\", api: azure-openai, " + key + " }";
      case FOUNDRY_MODEL_INFERENCE ->
          "{ type: foundry, endpoint: \"" + baseUrl + "\", api: model-inference, " + key + " }";
      case FOUNDRY_CLAUDE ->
          "{ type: foundry, endpoint: \"" + baseUrl + "\", api: anthropic, " + key + " }";
      case OLLAMA -> "{ type: ollama, base-url: \"" + baseUrl + "\" }";
      case VLLM -> local("vllm", baseUrl);
      case LLAMA_CPP -> local("llama-cpp", baseUrl);
      case LM_STUDIO -> local("lm-studio", baseUrl);
      case TGI -> local("tgi", baseUrl);
    };
  }

  private static String local(String server, String baseUrl) {
    return "{ type: openai-compatible, server: " + server + ", base-url: \"" + baseUrl + "/v1\" }";
  }
}
