package dev.switchboard.spi;

/**
 * What a model behind a provider can do. The pipeline refuses (or skips a target for) a request
 * that needs a capability the target lacks, before anything is sent.
 *
 * @param chat serves chat completions
 * @param streaming streams chat answers
 * @param tools calls tools
 * @param jsonObject honours a JSON-object response format
 * @param jsonSchema honours a JSON-schema response format
 * @param vision accepts images
 * @param embeddings serves embeddings
 * @param streamingUsage reports usage at the end of a stream
 * @param contextWindow context window in tokens, or 0 if unknown
 * @since 0.1
 */
public record ProviderCapabilities(
    boolean chat,
    boolean streaming,
    boolean tools,
    boolean jsonObject,
    boolean jsonSchema,
    boolean vision,
    boolean embeddings,
    boolean streamingUsage,
    int contextWindow) {

  private static final ProviderCapabilities ALL =
      new ProviderCapabilities(true, true, true, true, true, true, true, true, 0);

  /** Everything, context window unknown. */
  public static ProviderCapabilities all() {
    return ALL;
  }

  /** A chat-only text model: streaming and usage, no tools, formats, vision or embeddings. */
  public static ProviderCapabilities textOnly() {
    return new ProviderCapabilities(true, true, false, false, false, false, false, true, 0);
  }

  /** An embedding-only model. */
  public static ProviderCapabilities embeddingsOnly() {
    return new ProviderCapabilities(false, false, false, false, false, false, true, false, 0);
  }

  public ProviderCapabilities withTools(boolean tools) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withJsonSchema(boolean jsonSchema) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withJsonObject(boolean jsonObject) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withVision(boolean vision) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withEmbeddings(boolean embeddings) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withStreamingUsage(boolean streamingUsage) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }

  public ProviderCapabilities withContextWindow(int contextWindow) {
    return new ProviderCapabilities(
        chat,
        streaming,
        tools,
        jsonObject,
        jsonSchema,
        vision,
        embeddings,
        streamingUsage,
        contextWindow);
  }
}
