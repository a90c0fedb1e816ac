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
  private final String code;

  public ConfigException(String source, List<String> problems) {
    this(source, problems, null);
  }

  /**
   * A configuration document of a known kind is invalid, with a stable code for that kind (for
   * example {@code POLICY_INVALID} for a compliance policy).
   *
   * @since 0.2
   */
  public ConfigException(String source, List<String> problems, String code) {
    super(summary(source, problems, code), ErrorContext.NONE, null);
    this.problems = List.copyOf(problems);
    this.code = code;
  }

  /**
   * The stable code of what is invalid, such as {@code POLICY_INVALID}; empty when only the config
   * file itself is wrong. A config whose compliance policy is invalid carries the policy's code
   * here (the policy's problems are listed under {@code compliance.policy}, each with its YAML path
   * and line:column), even when the config has other problems too.
   *
   * @since 0.2
   */
  public java.util.Optional<String> code() {
    return java.util.Optional.ofNullable(code);
  }

  private static String summary(String source, List<String> problems, String code) {
    StringBuilder sb = new StringBuilder();
    sb.append(source);
    if (code != null) sb.append(" (").append(code).append(')');
    sb.append(": ").append(problems.size()).append(problems.size() == 1 ? " problem" : " problems");
    for (String p : problems) sb.append(System.lineSeparator()).append("  ").append(p);
    return sb.toString();
  }

  /** Every problem found, each prefixed by its path in the configuration. */
  public List<String> problems() {
    return problems;
  }
}
