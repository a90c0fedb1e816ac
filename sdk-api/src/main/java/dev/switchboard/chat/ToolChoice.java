package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * Whether and which tool the model must call.
 *
 * @param mode auto, none, required, or one named tool
 * @param toolName the tool's name when {@code mode} is {@link Mode#TOOL}, else null
 */
public record ToolChoice(Mode mode, String toolName) {
  /** How the model chooses tools. */
  public enum Mode {
    AUTO,
    NONE,
    REQUIRED,
    TOOL
  }

  private static final ToolChoice AUTO = new ToolChoice(Mode.AUTO, null);
  private static final ToolChoice NONE = new ToolChoice(Mode.NONE, null);
  private static final ToolChoice REQUIRED = new ToolChoice(Mode.REQUIRED, null);

  public ToolChoice {
    Checks.notNull(mode, "ToolChoice.mode");
    if (mode == Mode.TOOL) {
      Checks.toolName(toolName, "ToolChoice.toolName");
    } else {
      Checks.check(toolName == null, "ToolChoice.toolName", "must be null unless mode is TOOL");
    }
  }

  /** The model decides. */
  public static ToolChoice auto() {
    return AUTO;
  }

  /** The model must not call tools. */
  public static ToolChoice none() {
    return NONE;
  }

  /** The model must call at least one tool. */
  public static ToolChoice required() {
    return REQUIRED;
  }

  /** The model must call the named tool. */
  public static ToolChoice tool(String name) {
    return new ToolChoice(Mode.TOOL, name);
  }
}
