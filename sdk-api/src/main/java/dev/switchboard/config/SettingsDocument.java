package dev.switchboard.config;

import dev.switchboard.internal.config.ConfigYaml;
import dev.switchboard.internal.config.SettingsNode;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
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
  private final SettingsNode root;

  private SettingsDocument(String text, String expected) {
    this.root =
        ConfigYaml.readRoot(text, expected, problems)
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

  /** The problems so far, each as {@code path: what is wrong}. */
  public List<String> problems() {
    return Collections.unmodifiableList(problems);
  }
}
