package dev.switchboard.wire.internal.openai;

import java.util.Optional;

/**
 * The quirks of one OpenAI chat-completions dialect, as a value: each server family (Azure classic,
 * Azure v1, Model Inference, vLLM, llama.cpp, ...) sets what differs instead of subclassing the
 * codec. Immutable and thread-safe.
 *
 * @param maxTokensField which field carries the output limit
 * @param developerRole true to send developer messages as {@code developer}; false sends them as
 *     {@code system}
 * @param streamUsage true to ask for a final usage chunk with {@code stream_options.include_usage}
 * @param sendModel true to put the model name in the body (false where the URL names the
 *     deployment)
 * @param sendUser true to send the end-user id as {@code user}
 * @param imageDetail true to send {@code image_url.detail}
 * @param responseFormat how structured output is requested
 * @param base64Embeddings true to ask for base64 embeddings (smaller bodies) instead of float
 *     arrays
 * @param requireDone true if a stream must end with {@code data: [DONE]}; false where the end of
 *     the body after a finish reason is a complete answer
 * @param toolParametersField the field of a tool definition that carries its JSON Schema: {@code
 *     parameters} (OpenAI); TGI's spec names it {@code arguments}
 * @param structuredOutputs true to send vLLM's {@code structured_outputs} object in place of the
 *     {@code guided_*} extras, which vLLM 0.12 and later silently ignore
 */
public record OpenAiDialect(
    MaxTokensField maxTokensField,
    boolean developerRole,
    boolean streamUsage,
    boolean sendModel,
    boolean sendUser,
    boolean imageDetail,
    ResponseFormatStyle responseFormat,
    boolean base64Embeddings,
    boolean requireDone,
    String toolParametersField,
    boolean structuredOutputs) {

  /** Where the output-token limit goes. */
  public enum MaxTokensField {
    /** {@code max_tokens}: classic Azure, Model Inference, local servers. */
    MAX_TOKENS("max_tokens"),
    /**
     * {@code max_completion_tokens}: OpenAI/v1 and reasoning models, which reject {@code
     * max_tokens}.
     */
    MAX_COMPLETION_TOKENS("max_completion_tokens");

    private final String field;

    MaxTokensField(String field) {
      this.field = field;
    }

    public String field() {
      return field;
    }

    /**
     * The value for a wire field name ({@code max_tokens} or {@code max_completion_tokens}, as
     * config files spell it).
     */
    public static MaxTokensField of(String field) {
      for (MaxTokensField f : values()) if (f.field.equals(field)) return f;
      throw new IllegalArgumentException(
          "maxTokensField: must be max_tokens or max_completion_tokens");
    }
  }

  /** How JSON output is requested. */
  public enum ResponseFormatStyle {
    /**
     * OpenAI's {@code {type:json_object}} / {@code {type:json_schema, json_schema:{name, schema,
     * strict}}}.
     */
    OPENAI,
    /**
     * TGI's grammar: {@code {type:json, value:<schema>}} (a JSON object is the schema {@code
     * {type:object}}).
     */
    TGI_GRAMMAR,
    /**
     * OpenAI's forms, with {@code json_object} carrying {@code schema: {type: object}}: llama.cpp
     * ignores a bare {@code {type:json_object}} and enforces JSON only when a schema comes with it.
     */
    OPENAI_OBJECT_SCHEMA
  }

  /** The OpenAI API itself (and Azure's v1 API): every field, usage in streams. */
  public static final OpenAiDialect OPENAI =
      new OpenAiDialect(
          MaxTokensField.MAX_COMPLETION_TOKENS,
          true,
          true,
          true,
          true,
          true,
          ResponseFormatStyle.OPENAI,
          false,
          true,
          "parameters",
          false);

  public OpenAiDialect {
    if (maxTokensField == null)
      throw new IllegalArgumentException("OpenAiDialect.maxTokensField: must not be null");
    if (responseFormat == null)
      throw new IllegalArgumentException("OpenAiDialect.responseFormat: must not be null");
    if (toolParametersField == null || toolParametersField.isBlank()) {
      throw new IllegalArgumentException("OpenAiDialect.toolParametersField: must not be blank");
    }
  }

  /**
   * This dialect with a provider config's overrides applied (Foundry and local servers share the
   * keys {@code stream-usage} and {@code max-tokens-field}); empty values keep the dialect's own.
   */
  public OpenAiDialect withOverrides(
      Optional<Boolean> streamUsage, Optional<String> maxTokensField) {
    OpenAiDialect d = this;
    if (streamUsage.isPresent()) d = d.withStreamUsage(streamUsage.get());
    if (maxTokensField.isPresent())
      d = d.withMaxTokensField(MaxTokensField.of(maxTokensField.get()));
    return d;
  }

  public OpenAiDialect withMaxTokensField(MaxTokensField f) {
    return new OpenAiDialect(
        f,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withDeveloperRole(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        v,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withStreamUsage(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        v,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withSendModel(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        v,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withSendUser(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        v,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withImageDetail(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        v,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withResponseFormat(ResponseFormatStyle v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        v,
        base64Embeddings,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withBase64Embeddings(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        v,
        requireDone,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withRequireDone(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        v,
        toolParametersField,
        structuredOutputs);
  }

  public OpenAiDialect withToolParametersField(String v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        v,
        structuredOutputs);
  }

  public OpenAiDialect withStructuredOutputs(boolean v) {
    return new OpenAiDialect(
        maxTokensField,
        developerRole,
        streamUsage,
        sendModel,
        sendUser,
        imageDetail,
        responseFormat,
        base64Embeddings,
        requireDone,
        toolParametersField,
        v);
  }
}
