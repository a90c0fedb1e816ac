package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * Instructions for reasoning models. Adapters for providers without a developer role send it as a
 * system message.
 *
 * @param text the instructions
 */
public record DeveloperMessage(String text) implements ChatMessage {
  public DeveloperMessage {
    Checks.notNull(text, "DeveloperMessage.text");
  }

  @Override
  public Role role() {
    return Role.DEVELOPER;
  }

  @Override
  public String toString() {
    return "DeveloperMessage[" + text.length() + " chars]";
  }
}
