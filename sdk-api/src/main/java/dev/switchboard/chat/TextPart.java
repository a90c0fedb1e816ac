package dev.switchboard.chat;

import dev.switchboard.spi.Checks;

/**
 * A text part of a message.
 *
 * @param text the text; may be empty, never null
 */
public record TextPart(String text) implements ContentPart {
  public TextPart {
    Checks.notNull(text, "TextPart.text");
  }

  @Override
  public String toString() {
    return "TextPart[" + text.length() + " chars]";
  }
}
