package dev.switchboard.structured.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.victools.jsonschema.generator.FieldScope;
import com.github.victools.jsonschema.generator.Option;
import com.github.victools.jsonschema.generator.OptionPreset;
import com.github.victools.jsonschema.generator.SchemaGenerator;
import com.github.victools.jsonschema.generator.SchemaGeneratorConfigBuilder;
import com.github.victools.jsonschema.generator.SchemaVersion;
import com.github.victools.jsonschema.module.jackson.JacksonModule;
import com.github.victools.jsonschema.module.jackson.JacksonOption;
import java.lang.reflect.Type;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * JSON schemas generated from Java types by victools' generator, configured for what every schema
 * mode accepts: everything inlined (some servers' grammar compilers do not follow {@code $ref}), no
 * {@code $schema} keyword, {@code additionalProperties: false} on every object, every property
 * required except an {@code Optional} one, which may also be null. Thread-safe.
 */
public final class Schemas {
  private static final SchemaGenerator GENERATOR = generator();

  private Schemas() {}

  private static SchemaGenerator generator() {
    SchemaGeneratorConfigBuilder b =
        new SchemaGeneratorConfigBuilder(SchemaVersion.DRAFT_2020_12, OptionPreset.PLAIN_JSON)
            .with(
                new JacksonModule(
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONVALUE,
                    JacksonOption.FLATTENED_ENUMS_FROM_JSONPROPERTY,
                    JacksonOption.RESPECT_JSONPROPERTY_ORDER))
            .with(Option.INLINE_ALL_SCHEMAS, Option.FORBIDDEN_ADDITIONAL_PROPERTIES_BY_DEFAULT)
            .without(Option.SCHEMA_VERSION_INDICATOR);
    b.forFields().withRequiredCheck(f -> !isOptional(f));
    b.forFields().withNullableCheck(Schemas::isOptional);
    return new SchemaGenerator(b.build());
  }

  private static boolean isOptional(FieldScope f) {
    Class<?> raw = f.getDeclaredType().getErasedType();
    return raw == Optional.class
        || raw == OptionalInt.class
        || raw == OptionalLong.class
        || raw == OptionalDouble.class;
  }

  /**
   * The schema of a type, as the validation uses it: optional properties may be left out.
   *
   * @throws IllegalArgumentException if the generator cannot describe the type (a recursive type,
   *     which inlining cannot express)
   */
  public static ObjectNode of(Type type) {
    try {
      return GENERATOR.generateSchema(type);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cannot generate a JSON schema for "
              + type.getTypeName()
              + " ("
              + e.getClass().getSimpleName()
              + "): use records, enums, lists and maps of such types, without recursion",
          e);
    }
  }

  /**
   * The strict form of a schema, as strict modes require it: every property of every object listed
   * as required (an optional one already admits null, so the model can still leave it empty).
   */
  public static ObjectNode strict(ObjectNode schema) {
    ObjectNode copy = schema.deepCopy();
    requireAll(copy);
    return copy;
  }

  private static void requireAll(JsonNode node) {
    if (node.isObject()) {
      ObjectNode o = (ObjectNode) node;
      JsonNode props = o.get("properties");
      if (props != null && props.isObject()) {
        ArrayNode required = o.putArray("required");
        props.fieldNames().forEachRemaining(required::add);
      }
      for (Map.Entry<String, JsonNode> e : o.properties()) requireAll(e.getValue());
    } else if (node.isArray()) {
      for (JsonNode n : node) requireAll(n);
    }
  }

  /** True if the schema describes a JSON object (what every schema mode needs at the top). */
  public static boolean isObject(JsonNode schema) {
    JsonNode t = schema.get("type");
    return t != null && t.isTextual() && "object".equals(t.asText());
  }

  /**
   * A schema name from a type: its simple name with every character outside {@code [a-zA-Z0-9_-]}
   * dropped, at most 64 characters.
   */
  public static String nameOf(Class<?> type) {
    String n = type.getSimpleName().replaceAll("[^a-zA-Z0-9_-]", "");
    if (n.isEmpty()) n = "answer";
    return n.length() > 64 ? n.substring(0, 64) : n;
  }
}
