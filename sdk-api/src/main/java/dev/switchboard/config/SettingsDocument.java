package dev.switchboard.config;

import dev.switchboard.internal.config.ConfigYaml;
import dev.switchboard.internal.config.SettingsNode;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A YAML (or JSON) document of its own, such as a compliance policy or a price catalog, read with
 * the same path-aware rules as the config file: every problem is listed with its path, and values
 * are never echoed. No {@code ${VAR}} substitution.
 *
 * <pre>{@code
 * SettingsDocument doc = SettingsDocument.parse(text, "a mapping with version and rules");
 * doc.root().ifPresent(root -> { ... root.integer("version") ... });
 * doc.reportUnknownKeys();
 * if (!doc.problems().isEmpty()) throw ...;
 * }</pre>
 *
 * @since 0.2
 */
public final class SettingsDocument {
  private final List<String> problems = new ArrayList<>();
  private final Map<String, int[]> locations = new HashMap<>();
  private final SettingsNode root;

  private SettingsDocument(String text, String expected) {
    this.root =
        ConfigYaml.readRoot(text, expected, problems, locations)
            .map(doc -> SettingsNode.root(doc, problems, name -> null))
            .orElse(null);
  }

  /**
   * Parses the text.
   *
   * @param expected what the document must be, for the problem when it is not a mapping (for
   *     example {@code "a mapping with version, defaults and rules"})
   */
  public static SettingsDocument parse(String text, String expected) {
    return new SettingsDocument(
        java.util.Objects.requireNonNull(text, "text"),
        java.util.Objects.requireNonNull(expected, "expected"));
  }

  /**
   * The largest document Switchboard reads, in bytes of a file or characters of a text (4 MiB); a
   * larger one is refused before it is read.
   *
   * @since 0.2
   */
  public static final int MAX_DOCUMENT_SIZE = ConfigYaml.MAX_DOCUMENT_CHARS;

  /**
   * Reads a document file as UTF-8 text, with the config file's limits: a file larger than {@link
   * #MAX_DOCUMENT_SIZE} is refused without being read.
   *
   * @param problems where to add why the file cannot be read ({@code (file): does not exist})
   * @return the text, or empty if a problem was added
   * @since 0.2
   */
  public static Optional<String> readFile(Path file, List<String> problems) {
    return ConfigYaml.readFile(
        java.util.Objects.requireNonNull(file, "file"),
        java.util.Objects.requireNonNull(problems, "problems"));
  }

  /**
   * The document's root mapping; empty if the text is not valid YAML or not a mapping (a problem
   * says which).
   */
  public Optional<ProviderSettings> root() {
    return Optional.ofNullable(root);
  }

  /** Reports every key that nothing read, in the root and every section read from it. */
  public void reportUnknownKeys() {
    if (root != null) root.reportUnknownKeys();
  }

  /** Adds a problem about the document as a whole. */
  public void problem(String message) {
    problems.add("(document): " + message);
  }

  /**
   * The problems so far, each with where it is in the text: {@code path (line L:C): what is wrong}.
   * The place is the path's own when the text has it (a key, a list item), else that of the nearest
   * enclosing entry that the text has (for a required key that is missing, the mapping that lacks
   * it); problems about the whole document keep their own wording.
   *
   * @since 0.2
   */
  public List<String> locatedProblems() {
    List<String> out = new ArrayList<>(problems.size());
    for (String p : problems) out.add(located(p));
    return Collections.unmodifiableList(out);
  }

  /**
   * The line and column (1-based) where a path starts in the text, or of its nearest enclosing
   * entry; empty if none is known (such as when the text is not valid YAML).
   *
   * @since 0.2
   */
  public Optional<int[]> location(String path) {
    String p = java.util.Objects.requireNonNull(path, "path");
    while (true) {
      int[] at = locations.get(p);
      if (at != null) return Optional.of(at.clone());
      if (p.isEmpty()) return Optional.empty();
      int cut = Math.max(p.lastIndexOf('.'), p.lastIndexOf('['));
      p = cut < 0 ? "" : p.substring(0, cut);
    }
  }

  private String located(String problem) {
    int colon = problem.indexOf(": ");
    if (colon <= 0 || problem.startsWith("(")) return problem;
    String path = problem.substring(0, colon);
    return location(path)
        .map(at -> path + " (line " + at[0] + ":" + at[1] + ")" + problem.substring(colon))
        .orElse(problem);
  }

  /** The problems so far, each as {@code path: what is wrong}. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }
}
