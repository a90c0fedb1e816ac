package dev.switchboard.chat;

import dev.switchboard.internal.Json;
import dev.switchboard.spi.Checks;

/**
 * A tool (function) the model may call.
 *
 * <pre>{@code
 * Tool weather = Tool.of("get_weather", "Current weather for a city",
 *     "{\"type\":\"object\",\"properties\":{\"city\":{\"type\":\"string\"}},\"required\":[\"city\"]}");
 * }</pre>
 *
 * @param name matches {@code [a-zA-Z0-9_-]{1,64}}
 * @param description what the tool does, for the model; may be empty
 * @param parametersSchema a JSON Schema object, as JSON text, describing the arguments
 * @param strict whether the provider should enforce the schema exactly, where supported
 */
public record Tool(String name, String description, String parametersSchema, boolean strict) {
  /** The schema of a tool that takes no arguments. */
  public static final String NO_PARAMETERS = "{\"type\":\"object\",\"properties\":{}}";

  public Tool {
    Checks.toolName(name, "Tool.name");
    Checks.notNull(description, "Tool.description");
    Checks.notNull(parametersSchema, "Tool.parametersSchema");
    Checks.check(Json.isObject(parametersSchema), "Tool.parametersSchema", "must be a JSON object");
  }

  /** A non-strict tool. */
  public static Tool of(String name, String description, String parametersSchema) {
    return new Tool(name, description, parametersSchema, false);
  }

  @Override
  public String toString() {
    return "Tool[name="
        + name
        + ", schema="
        + parametersSchema.length()
        + " chars, strict="
        + strict
        + "]";
  }
}
