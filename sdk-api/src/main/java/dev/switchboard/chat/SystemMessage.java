package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * Instructions from the application.
 *
 * @param text the instructions
 */
public record SystemMessage(String text) implements ChatMessage {
  public SystemMessage {
    Checks.notNull(text, "SystemMessage.text");
  }

  @Override
  public Role role() {
    return Role.SYSTEM;
  }

  @Override
  public String toString() {
    return "SystemMessage[" + text.length() + " chars]";
  }
}
