package dev.switchboard.mock.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Iterator;
import java.util.Map;

/**
 * A small JSON value that satisfies a simple JSON Schema (types, required properties, enums,
 * minimums, minItems), so that the mock's unscripted structured answers and tool arguments parse in
 * the caller's code.
 */
public final class SchemaSample {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  private SchemaSample() {}

  /** A sample for the schema given as JSON text. */
  public static String sample(String schemaJson) {
    JsonNode schema = Json.parseOrNull(schemaJson);
    return Json.write(schema == null ? F.objectNode() : sample(schema, 0));
  }

  private static JsonNode sample(JsonNode schema, int depth) {
    if (depth > 8 || !schema.isObject()) return F.nullNode();
    if (schema.has("const")) return schema.get("const");
    if (schema.has("enum") && schema.get("enum").size() > 0) return schema.get("enum").get(0);
    if (schema.has("anyOf") && schema.get("anyOf").size() > 0)
      return sample(schema.get("anyOf").get(0), depth + 1);
    if (schema.has("oneOf") && schema.get("oneOf").size() > 0)
      return sample(schema.get("oneOf").get(0), depth + 1);
    JsonNode type = schema.get("type");
    String t =
        type == null
            ? (schema.has("properties") ? "object" : "string")
            : type.isArray() ? type.get(0).asText() : type.asText();
    switch (t) {
      case "object":
        return object(schema, depth);
      case "array":
        return array(schema, depth);
      case "integer":
        return F.numberNode(schema.path("minimum").asLong(0));
      case "number":
        return F.numberNode(schema.path("minimum").asDouble(0));
      case "boolean":
        return F.booleanNode(false);
      case "null":
        return F.nullNode();
      default:
        return F.textNode("mock");
    }
  }

  private static ObjectNode object(JsonNode schema, int depth) {
    ObjectNode out = F.objectNode();
    JsonNode props = schema.path("properties");
    for (Iterator<Map.Entry<String, JsonNode>> it = props.properties().iterator(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> p = it.next();
      out.set(p.getKey(), sample(p.getValue(), depth + 1));
    }
    return out;
  }

  private static ArrayNode array(JsonNode schema, int depth) {
    ArrayNode out = F.arrayNode();
    int min = schema.path("minItems").asInt(0);
    for (int i = 0; i < Math.max(min, 1) && schema.has("items"); i++)
      out.add(sample(schema.get("items"), depth + 1));
    return out;
  }
}
