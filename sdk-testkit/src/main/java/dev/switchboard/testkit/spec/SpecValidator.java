package dev.switchboard.testkit.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonMetaSchema;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.networknt.schema.oas.OpenApi30;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Validates JSON against a schema inside one of the official API documents kept under {@code
 * specs/} on the class path (see {@code specs/README.md}), resolving {@code $ref}s inside that
 * document. Handles the three dialects the vendors publish:
 *
 * <ul>
 *   <li>OpenAPI 3.0 (Azure OpenAI {@code inference.json}, TGI): JSON Schema draft 4 plus {@code
 *       nullable}; schemas under {@code #/components/schemas/};
 *   <li>OpenAPI 3.1 (OpenAI, Ollama): JSON Schema 2020-12; schemas under {@code
 *       #/components/schemas/};
 *   <li>Swagger 2.0 (Azure AI Model Inference): draft 4; schemas under {@code #/definitions/}. Its
 *       string {@code discriminator} is not a JSON Schema keyword: validate a polymorphic item
 *       against its concrete definition too (for example a message against {@code
 *       ChatRequestUserMessage}).
 * </ul>
 *
 * <pre>{@code
 * SpecValidator azure = SpecValidator.openApi30(SpecValidator.AZURE_OPENAI_2024_10_21);
 * assertThat(azure.validate("createChatCompletionRequest", body)).isEmpty();
 * }</pre>
 *
 * <p>Thread-safe; compiled schemas are cached per name.
 *
 * @since 0.1
 */
public final class SpecValidator {
  /** Azure OpenAI data plane, newest GA (OpenAPI 3.0). */
  public static final String AZURE_OPENAI_2024_10_21 =
      "specs/Azure/azure-rest-api-specs/specification/cognitiveservices/data-plane/AzureOpenAI/inference/stable/2024-10-21/inference.json";

  /** Azure AI Model Inference, stable 2025-04-01 (Swagger 2.0). */
  public static final String AI_MODEL_2025_04_01 =
      "specs/Azure/azure-rest-api-specs/specification/ai/data-plane/AI.Model/stable/2025-04-01/openapi.json";

  /**
   * OpenAI's API (OpenAPI 3.1); the reference for the Azure v1 API and the OpenAI-compatible
   * servers.
   */
  public static final String OPENAI = "specs/openai/openai-openapi/openapi.yaml";

  /** Ollama's native API (OpenAPI 3.1). */
  public static final String OLLAMA = "specs/ollama/ollama/docs/openapi.yaml";

  /** Hugging Face TGI's router (OpenAPI 3.0). */
  public static final String TGI = "specs/huggingface/text-generation-inference/docs/openapi.json";

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String document;
  private final String schemasPointer;
  private final JsonSchemaFactory factory;
  private final SchemaValidatorsConfig config;
  private final ConcurrentHashMap<String, JsonSchema> schemas = new ConcurrentHashMap<>();

  private SpecValidator(String document, String schemasPointer, JsonSchemaFactory factory) {
    this.document = document;
    this.schemasPointer = schemasPointer;
    this.factory = factory;
    // Discriminators are left to oneOf: OpenAI's have no mapping and name no schema (role
    // "developer"
    // does not name ChatCompletionRequestDeveloperMessage), which a strict discriminator check
    // rejects.
    this.config =
        SchemaValidatorsConfig.builder()
            .nullableKeywordEnabled(true)
            .discriminatorKeywordEnabled(false)
            .build();
  }

  /** An OpenAPI 3.0 document on the class path. */
  public static SpecValidator openApi30(String resource) {
    // networknt turns discriminator checking back on whenever the meta-schema knows the keyword, so
    // it is removed here: TGI's discriminators have no mapping and their alternatives are inline
    // schemas without names, which a strict check rejects for every value.
    JsonMetaSchema meta =
        JsonMetaSchema.builder(OpenApi30.getInstance())
            .keywords(k -> k.remove("discriminator"))
            .build();
    return new SpecValidator(
        resource,
        "/components/schemas/",
        JsonSchemaFactory.getInstance(
            SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(meta).defaultMetaSchemaIri(meta.getIri())));
  }

  /**
   * An OpenAPI 3.1 document on the class path. Its schemas are plain JSON Schema 2020-12; the
   * OpenAPI-only {@code discriminator} annotation is ignored (see the class comment).
   */
  public static SpecValidator openApi31(String resource) {
    return new SpecValidator(
        resource,
        "/components/schemas/",
        JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012));
  }

  /** A Swagger 2.0 document on the class path. */
  public static SpecValidator swagger20(String resource) {
    return new SpecValidator(
        resource, "/definitions/", JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4));
  }

  /**
   * Validates JSON text against a named schema of the document.
   *
   * @param schemaName the schema's name, such as {@code CreateChatCompletionRequest}
   * @return the problems found, each with its JSON path; empty when valid
   * @throws IllegalArgumentException if the text is not JSON
   */
  public List<String> validate(String schemaName, String json) {
    try {
      return validate(schemaName, JSON.readTree(json));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage(), e);
    }
  }

  /** Validates a parsed JSON value against a named schema of the document. */
  public List<String> validate(String schemaName, JsonNode value) {
    JsonSchema schema = schemas.computeIfAbsent(schemaName, this::load);
    Set<ValidationMessage> messages = schema.validate(value);
    List<String> out = new ArrayList<>(messages.size());
    for (ValidationMessage m : messages) out.add(m.getMessage());
    return out;
  }

  private JsonSchema load(String schemaName) {
    try {
      return factory.getSchema(
          SchemaLocation.of("classpath:" + document + "#" + schemasPointer + schemaName), config);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof IOException io)
        throw new UncheckedIOException("cannot read " + document, io);
      throw e;
    }
  }

  /** The document's path on the class path. */
  public String document() {
    return document;
  }

  @Override
  public String toString() {
    return "SpecValidator[" + document + "]";
  }
}
