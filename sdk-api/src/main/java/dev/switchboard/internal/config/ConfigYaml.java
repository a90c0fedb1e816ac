package dev.switchboard.internal.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * Reads a YAML (or JSON) document's root mapping for every document Switchboard reads: config,
 * policy, price catalog. Hostile or broken files are refused with a reason, within fixed limits, so
 * that reading a config never costs more than a few times its limited size in memory.
 *
 * <p>SnakeYAML's composer is used directly rather than Jackson's YAML parser: Jackson reports an
 * alias ({@code profile: *us}) as the anchor's name, a string, so shared sections failed with "must
 * be a mapping"; the composer resolves aliases to the anchored node. {@link YamlTree} then builds
 * the tree with each problem at its path.
 */
public final class ConfigYaml {
  /** The largest document read, in characters (and, for files, in bytes). */
  public static final int MAX_DOCUMENT_CHARS = 4 * 1024 * 1024;

  /** The deepest nesting of lists and mappings. */
  public static final int MAX_DEPTH = 50;

  /** The most aliases that may point at a list or mapping. */
  public static final int MAX_COLLECTION_ALIASES = 100;

  private ConfigYaml() {}

  /**
   * The text of a document file, or empty with a problem saying why not: it does not exist, cannot
   * be read, or is larger than {@link #MAX_DOCUMENT_CHARS} (checked before reading it).
   */
  public static Optional<String> readFile(Path file, List<String> problems) {
    try {
      long size = Files.size(file);
      if (size > MAX_DOCUMENT_CHARS) {
        problems.add(
            "(file): is "
                + size
                + " bytes; a Switchboard document may be at most "
                + MAX_DOCUMENT_CHARS
                + " bytes");
        return Optional.empty();
      }
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      problems.add("(file): does not exist");
    } catch (IOException e) {
      problems.add("(file): cannot be read (" + e.getClass().getSimpleName() + ")");
    }
    return Optional.empty();
  }

  /**
   * The root mapping, or empty with a problem saying why not.
   *
   * @param expected what the document must be, for the problem when it is not a mapping
   */
  public static Optional<ObjectNode> readRoot(String text, String expected, List<String> problems) {
    return readRoot(text, expected, problems, null);
  }

  /**
   * As {@link #readRoot(String, String, List)}, recording in {@code locations} (if not null) the
   * line and column (1-based) where each path starts, for problems that name their place.
   */
  public static Optional<ObjectNode> readRoot(
      String text, String expected, List<String> problems, Map<String, int[]> locations) {
    if (text.length() > MAX_DOCUMENT_CHARS) {
      problems.add(
          "(document): is "
              + text.length()
              + " characters; a Switchboard document may be at most "
              + MAX_DOCUMENT_CHARS);
      return Optional.empty();
    }
    Node doc;
    try {
      doc = compose(text);
    } catch (YAMLException e) {
      problems.add("(document): " + describe(e));
      return Optional.empty();
    }
    if (doc == null) {
      problems.add("(document): is empty");
      return Optional.empty();
    }
    JsonNode tree = new YamlTree(problems, locations).convert(doc);
    if (tree == null) return Optional.empty();
    if (tree.isNull()) {
      problems.add("(document): is empty");
      return Optional.empty();
    }
    if (!tree.isObject()) {
      problems.add("(document): must be " + expected);
      return Optional.empty();
    }
    return Optional.of((ObjectNode) tree);
  }

  private static Node compose(String text) {
    LoaderOptions options = new LoaderOptions();
    options.setCodePointLimit(MAX_DOCUMENT_CHARS);
    options.setNestingDepthLimit(MAX_DEPTH);
    options.setMaxAliasesForCollections(MAX_COLLECTION_ALIASES);
    options.setAllowRecursiveKeys(false);
    options.setProcessComments(false);
    Composer composer =
        new Composer(new ParserImpl(new StreamReader(text), options), new Resolver(), options);
    return composer.getSingleNode();
  }

  /**
   * The reason, without the parser's own message: that quotes the offending line, which may hold a
   * secret. Only the position is given, and for the limits, which limit.
   */
  private static String describe(YAMLException e) {
    String m = String.valueOf(e.getMessage());
    if (m.contains("aliases for non-scalar nodes"))
      return "has more than " + MAX_COLLECTION_ALIASES + " aliases to lists or mappings";
    if (m.contains("Nesting Depth") || m.contains("nesting depth"))
      return "is nested more than " + MAX_DEPTH + " levels deep";
    if (m.contains("exceeds the limit"))
      return "is more than " + MAX_DOCUMENT_CHARS + " characters";
    if (e instanceof MarkedYAMLException marked) {
      String problem = String.valueOf(marked.getProblem());
      String what =
          problem.startsWith("found undefined alias")
              ? "an alias (*name) refers to no anchor (&name) defined before it"
              : problem.startsWith("expected a single document")
                  ? "holds more than one document"
                  : "not valid YAML";
      return what + at(marked.getProblemMark());
    }
    return "not valid YAML";
  }

  private static String at(Mark mark) {
    return mark == null
        ? ""
        : " at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1);
  }
}
