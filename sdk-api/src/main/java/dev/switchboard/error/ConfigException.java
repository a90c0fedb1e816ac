package dev.switchboard.error;

import java.util.List;

/**
 * A configuration is invalid. Lists every problem with its path, for example {@code
 * providers.foundry-us.endpoint: must be an https URL}. Never echoes secret values.
 *
 * @since 0.1
 */
public class ConfigException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  public ConfigException(String source, List<String> problems) {
    super(summary(source, problems), ErrorContext.NONE, null);
    this.problems = List.copyOf(problems);
  }

  private static String summary(String source, List<String> problems) {
    StringBuilder sb = new StringBuilder();
    sb.append(source)
        .append(": ")
        .append(problems.size())
        .append(problems.size() == 1 ? " problem" : " problems");
    for (String p : problems) sb.append(System.lineSeparator()).append("  ").append(p);
    return sb.toString();
  }

  /** Every problem found, each prefixed by its path in the configuration. */
  public List<String> problems() {
    return problems;
  }
}
