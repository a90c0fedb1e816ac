package dev.switchboard.structured.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.switchboard.error.StructuredOutputException.Problem;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * A compiled schema that validates answers and tool arguments (networknt's validator, draft
 * 2020-12). Problems name the JSON path and the keyword; the validator's messages speak of the
 * schema, not of the value. Thread-safe.
 */
public final class Validation {
  private static final JsonSchemaFactory FACTORY =
      JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012);

  private final JsonSchema schema;

  public Validation(JsonNode schema) {
    this.schema = FACTORY.getSchema(schema);
  }

  /** The problems of a value; empty if it is valid. */
  public List<Problem> problems(JsonNode value) {
    Set<ValidationMessage> messages = schema.validate(value);
    List<Problem> out = new ArrayList<>(messages.size());
    for (ValidationMessage m : messages) {
      String path = m.getInstanceLocation().toString();
      String text = m.getMessage();
      if (text.startsWith(path + ": ")) text = text.substring(path.length() + 2);
      out.add(new Problem(path, m.getType() == null ? "schema" : m.getType(), text));
    }
    out.sort(Comparator.comparing(Problem::path).thenComparing(Problem::keyword));
    return out;
  }
}
