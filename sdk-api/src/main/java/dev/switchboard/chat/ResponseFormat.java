package dev.switchboard.chat;

import dev.switchboard.internal.Json;
import dev.switchboard.spi.Checks;

/**
 * The shape of the model's answer: free text, any JSON object, or JSON matching a schema.
 *
 * @param kind text, JSON object or JSON schema
 * @param name the schema's name ({@code [a-zA-Z0-9_-]{1,64}}) for {@link Kind#JSON_SCHEMA}, else
 *     null
 * @param schema the JSON Schema as JSON text for {@link Kind#JSON_SCHEMA}, else null
 * @param strict whether the provider must follow the schema exactly, where supported
 */
public record ResponseFormat(Kind kind, String name, String schema, boolean strict) {
  /** The kinds of response format. */
  public enum Kind {
    TEXT,
    JSON_OBJECT,
    JSON_SCHEMA
  }

  private static final ResponseFormat TEXT = new ResponseFormat(Kind.TEXT, null, null, false);
  private static final ResponseFormat JSON_OBJECT =
      new ResponseFormat(Kind.JSON_OBJECT, null, null, false);

  public ResponseFormat {
    Checks.notNull(kind, "ResponseFormat.kind");
    if (kind == Kind.JSON_SCHEMA) {
      Checks.toolName(name, "ResponseFormat.name");
      Checks.notNull(schema, "ResponseFormat.schema");
      Checks.check(Json.isObject(schema), "ResponseFormat.schema", "must be a JSON object");
    } else {
      Checks.check(
          name == null && schema == null,
          "ResponseFormat",
          "name and schema are only for JSON_SCHEMA");
    }
  }

  /** Free text (the default). */
  public static ResponseFormat text() {
    return TEXT;
  }

  /** Any valid JSON object. The prompt should still ask for JSON. */
  public static ResponseFormat jsonObject() {
    return JSON_OBJECT;
  }

  /** JSON matching the given schema. */
  public static ResponseFormat jsonSchema(String name, String schema, boolean strict) {
    return new ResponseFormat(Kind.JSON_SCHEMA, name, schema, strict);
  }

  @Override
  public String toString() {
    return kind == Kind.JSON_SCHEMA
        ? "ResponseFormat[JSON_SCHEMA "
            + name
            + ", "
            + schema.length()
            + " chars, strict="
            + strict
            + "]"
        : "ResponseFormat[" + kind + "]";
  }
}
