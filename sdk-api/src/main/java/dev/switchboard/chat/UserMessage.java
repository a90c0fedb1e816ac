package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import java.util.List;

/**
 * The end user's turn: text and image parts.
 *
 * @param parts at least one part
 */
public record UserMessage(List<ContentPart> parts) implements ChatMessage {
  public UserMessage {
    parts = Checks.listCopy(parts, "UserMessage.parts");
    Checks.check(!parts.isEmpty(), "UserMessage.parts", "must contain at least one part");
  }

  @Override
  public Role role() {
    return Role.USER;
  }

  @Override
  public String text() {
    if (parts.size() == 1 && parts.get(0) instanceof TextPart t) return t.text();
    StringBuilder sb = new StringBuilder();
    for (ContentPart part : parts) {
      if (part instanceof TextPart t) sb.append(t.text());
    }
    return sb.toString();
  }

  /** True if any part is an image. */
  public boolean hasImages() {
    for (ContentPart part : parts) {
      if (part instanceof ImagePart) return true;
    }
    return false;
  }

  @Override
  public String toString() {
    long images = parts.stream().filter(p -> p instanceof ImagePart).count();
    return "UserMessage[" + text().length() + " chars, " + images + " images]";
  }
}
