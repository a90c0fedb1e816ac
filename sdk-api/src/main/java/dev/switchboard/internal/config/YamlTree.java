package dev.switchboard.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Turns a composed YAML node graph into a Jackson tree, reporting each problem at its path: a key
 * given twice, a value longer than {@link #MAX_VALUE_CHARS}, a number that is not finite ({@code
 * .nan}, {@code .inf}), a key that is not a single value. Aliases are expanded (each one is a copy
 * of its anchor's node); merge keys ({@code <<: *base}) add the anchored mapping's keys that the
 * mapping does not set itself. Expansion stops at {@link #MAX_VALUES} values, so that a document of
 * nested aliases (a "billion laughs") cannot take the memory of its expansion.
 *
 * <p>Hand-written because no library builds a Jackson tree from SnakeYAML's node graph with aliases
 * expanded; Jackson's own YAML parser reports aliases as strings.
 */
final class YamlTree {
  /** The longest single value, in characters. */
  static final int MAX_VALUE_CHARS = 64 * 1024;

  /** The most values (scalars, lists, mappings) a document may expand to. */
  static final int MAX_VALUES = 100_000;

  private static final Pattern DECIMAL_INT = Pattern.compile("[-+]?(0|[1-9][0-9]*)");
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private final List<String> problems;
  private final Map<String, int[]> locations;
  private int values;
  private int depth;

  YamlTree(List<String> problems) {
    this(problems, null);
  }

  /**
   * A converter that also records where each path starts in the text: a key's line and column
   * (1-based) for a mapping entry, the item's for a list item. {@code locations} may be null.
   */
  YamlTree(List<String> problems, Map<String, int[]> locations) {
    this.problems = problems;
    this.locations = locations;
  }

  private void locate(String path, Node n) {
    if (locations == null || n.getStartMark() == null || locations.containsKey(path)) return;
    locations.put(
        path, new int[] {n.getStartMark().getLine() + 1, n.getStartMark().getColumn() + 1});
  }

  /** The tree, or null (with a problem) if the document expands beyond {@link #MAX_VALUES}. */
  JsonNode convert(Node root) {
    try {
      return node(root, "");
    } catch (TooLarge e) {
      problems.add(
          "(document): expands to more than "
              + MAX_VALUES
              + " values or "
              + ConfigYaml.MAX_DEPTH
              + " levels (aliases to aliases multiply; an alias inside its own anchor never ends)");
      return null;
    }
  }

  /** Thrown to stop expanding; never leaves this class. */
  private static final class TooLarge extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLarge() {
      super(null, null, false, false);
    }
  }

  private JsonNode node(Node n, String path) {
    if (++values > MAX_VALUES) throw new TooLarge();
    locate(path, n);
    if (n instanceof ScalarNode s) return scalar(s, path);
    // The composer limits nesting in the text; an alias inside its own anchor nests without end.
    if (++depth > ConfigYaml.MAX_DEPTH) throw new TooLarge();
    try {
      return collection(n, path);
    } finally {
      depth--;
    }
  }

  private JsonNode collection(Node n, String path) {
    if (n instanceof MappingNode m) return mapping(m, path);
    if (n instanceof SequenceNode seq) {
      ArrayNode out = NODES.arrayNode();
      List<Node> items = seq.getValue();
      for (int i = 0; i < items.size(); i++) {
        JsonNode item = node(items.get(i), path + "[" + i + "]");
        out.add(item == null ? NODES.nullNode() : item);
      }
      return out;
    }
    throw new IllegalStateException("unexpected YAML node " + n.getNodeId());
  }

  private ObjectNode mapping(MappingNode m, String path) {
    ObjectNode out = NODES.objectNode();
    ObjectNode merged = NODES.objectNode();
    Set<String> seen = new HashSet<>();
    for (NodeTuple t : m.getValue()) {
      Node k = t.getKeyNode();
      if (k.getTag().equals(Tag.MERGE)) {
        merge(t.getValueNode(), path, merged);
        continue;
      }
      if (!(k instanceof ScalarNode keyNode)) {
        problems.add(where(path) + ": a key must be a single value, not a list or mapping");
        continue;
      }
      String key = keyNode.getValue();
      String keyPath = path.isEmpty() ? key : path + "." + key;
      if (!seen.add(key)) {
        problems.add(keyPath + ": appears twice (line " + (k.getStartMark().getLine() + 1) + ")");
        continue;
      }
      locate(keyPath, k);
      JsonNode v = node(t.getValueNode(), keyPath);
      // A refused value leaves the key out, so its problem is the only one about it.
      if (v != null) out.set(key, v);
    }
    merged.properties().forEach(e -> out.putIfAbsent(e.getKey(), e.getValue()));
    return out;
  }

  private void merge(Node source, String path, ObjectNode into) {
    if (source instanceof MappingNode m) {
      mapping(m, path).properties().forEach(e -> into.putIfAbsent(e.getKey(), e.getValue()));
    } else if (source instanceof SequenceNode seq) {
      for (Node item : seq.getValue()) merge(item, path, into);
    } else {
      problems.add(where(path) + ": << must merge a mapping (an alias such as *defaults)");
    }
  }

  private JsonNode scalar(ScalarNode s, String path) {
    String text = s.getValue();
    if (text.length() > MAX_VALUE_CHARS) {
      problems.add(
          where(path)
              + ": is "
              + text.length()
              + " characters long; a value may be at most "
              + MAX_VALUE_CHARS);
      return null;
    }
    Tag tag = s.getTag();
    if (tag.equals(Tag.NULL)) return NODES.nullNode();
    if (tag.equals(Tag.BOOL)) {
      // YAML 1.1 also reads yes/no/on/off as booleans; Switchboard, like Jackson before it, keeps
      // them as text (NO is Norway's country code).
      if (text.equalsIgnoreCase("true")) return NODES.booleanNode(true);
      if (text.equalsIgnoreCase("false")) return NODES.booleanNode(false);
      return NODES.textNode(text);
    }
    if (tag.equals(Tag.INT)) return integer(text);
    if (tag.equals(Tag.FLOAT)) return floating(text, path);
    return NODES.textNode(text);
  }

  private static JsonNode integer(String text) {
    String t = text.replace("_", "");
    if (!DECIMAL_INT.matcher(t).matches()) return NODES.textNode(text); // 0x.., 0o.., 1:30
    BigInteger v = new BigInteger(t);
    if (v.bitLength() < 32) return NODES.numberNode(v.intValue());
    if (v.bitLength() < 64) return NODES.numberNode(v.longValue());
    return NODES.numberNode(v);
  }

  private JsonNode floating(String text, String path) {
    String t = text.replace("_", "");
    if (t.toLowerCase(java.util.Locale.ROOT).matches("[-+]?\\.(inf|nan)")) {
      problems.add(where(path) + ": must be a finite number (not .nan or .inf)");
      return null;
    }
    try {
      double d = Double.parseDouble(t);
      if (Double.isFinite(d)) return NODES.numberNode(d);
      problems.add(where(path) + ": is too large a number");
      return null;
    } catch (NumberFormatException e) {
      return NODES.textNode(text); // sexagesimal (1:30.5) and other YAML 1.1 forms stay text
    }
  }

  private static String where(String path) {
    return path.isEmpty() ? "(document)" : path;
  }
}
