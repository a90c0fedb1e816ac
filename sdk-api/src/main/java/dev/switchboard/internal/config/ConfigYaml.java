package dev.switchboard.internal.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import java.util.Optional;

/**
 * Reads a YAML (or JSON) document's root mapping for every document Switchboard reads: config,
 * policy, price catalog.
 */
public final class ConfigYaml {
  private static final YAMLMapper YAML =
      YAMLMapper.builder(YAMLFactory.builder().build())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private ConfigYaml() {}

  /**
   * The root mapping, or empty with a problem saying why not.
   *
   * @param expected what the document must be, for the problem when it is not a mapping
   */
  public static Optional<ObjectNode> readRoot(String text, String expected, List<String> problems) {
    JsonNode doc;
    try {
      doc = YAML.readTree(text);
    } catch (JsonProcessingException e) {
      // The parser's own message quotes the offending line, which may hold a secret: give the
      // position only.
      JsonLocation at = e.getLocation();
      String where =
          at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
      String what =
          e.getOriginalMessage() != null && e.getOriginalMessage().startsWith("Duplicate field")
              ? "a key appears twice"
              : "not valid YAML";
      problems.add("(document): " + what + where);
      return Optional.empty();
    }
    if (doc == null || doc.isMissingNode() || doc.isNull()) {
      problems.add("(document): is empty");
      return Optional.empty();
    }
    if (!doc.isObject()) {
      problems.add("(document): must be " + expected);
      return Optional.empty();
    }
    return Optional.of((ObjectNode) doc);
  }
}
