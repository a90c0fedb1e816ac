package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * A call of a tool that the model asked for.
 *
 * @param id the provider's id for this call, echoed in the {@link ToolMessage} that answers it
 * @param name the tool's name
 * @param arguments the arguments as JSON text (normally an object); may be {@code "{}"}
 */
public record ToolCall(String id, String name, String arguments) {
  public ToolCall {
    Checks.notBlank(id, "ToolCall.id");
    Checks.notBlank(name, "ToolCall.name");
    Checks.notNull(arguments, "ToolCall.arguments");
  }

  @Override
  public String toString() {
    return "ToolCall[id=" + id + ", name=" + name + ", arguments=" + arguments.length() + " chars]";
  }
}
