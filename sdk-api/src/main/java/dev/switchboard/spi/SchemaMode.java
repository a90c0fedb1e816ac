package dev.switchboard.spi;

/**
 * How an adapter asks its model for an answer that follows a JSON schema, when the caller wants a
 * typed answer ({@code ModelClient.chat(request, MyRecord.class)}). Each adapter says which mode a
 * model uses with {@link ModelProvider#schemaMode(String)}; the pipeline shapes each attempt's
 * request for the mode of the target it goes to, so one route can mix modes.
 *
 * @since 0.3
 */
public enum SchemaMode {
  /**
   * The vendor's own schema parameter, which the server enforces while decoding: OpenAI-style
   * {@code response_format: json_schema} with {@code strict} (Foundry's OpenAI families, vLLM,
   * llama.cpp, LM Studio, TGI's grammar) or Ollama's {@code format} schema. The request goes out
   * with its {@link dev.switchboard.chat.ResponseFormat} as it is.
   */
  NATIVE,

  /**
   * The schema becomes the input schema of one tool the model is forced to call, and that call's
   * arguments are the answer: for models that call tools reliably but have no schema mode (Claude
   * on Foundry, where structured outputs are refused on Azure-hosted deployments).
   */
  FORCED_TOOL,

  /**
   * No schema mode: JSON mode where the model has one, and the schema in a system message. The
   * answer is validated, and a failed validation gets one bounded repair attempt.
   */
  PROMPT
}
