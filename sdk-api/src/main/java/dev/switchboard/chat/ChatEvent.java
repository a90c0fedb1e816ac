package dev.switchboard.chat;

import dev.switchboard.spi.Checks;
import dev.switchboard.usage.Usage;
import org.jspecify.annotations.Nullable;

/**
 * One event of a streamed chat: text as it arrives, fragments of tool calls, usage, and finally
 * {@link Completed} with the whole response (text joined, tool calls assembled).
 *
 * <pre>{@code
 * try (ChatStream stream = client.stream(request)) {
 *   for (ChatEvent event : stream) {
 *     if (event instanceof ChatEvent.TextDelta delta) System.out.print(delta.text());
 *   }
 *   System.out.println(stream.response().usage());
 * }
 * }</pre>
 *
 * @since 0.1
 */
public sealed interface ChatEvent {

  /**
   * A piece of the answer's text.
   *
   * @param text the new text; never empty
   */
  record TextDelta(String text) implements ChatEvent {
    public TextDelta {
      Checks.notNull(text, "TextDelta.text");
    }

    @Override
    public String toString() {
      return "TextDelta[" + text.length() + " chars]";
    }
  }

  /**
   * A fragment of a tool call. The first fragment for an {@code index} carries the id and name;
   * later ones carry only argument text, to be joined in order. The SDK assembles complete calls
   * into {@link Completed#response()}.
   *
   * @param index the tool call's position in the answer (0, 1, ...)
   * @param id the call's id, or null on continuation fragments
   * @param name the tool's name, or null on continuation fragments
   * @param argumentsFragment a piece of the JSON arguments; may be empty
   */
  record ToolCallDelta(
      int index, @Nullable String id, @Nullable String name, String argumentsFragment)
      implements ChatEvent {
    public ToolCallDelta {
      Checks.check(index >= 0, "ToolCallDelta.index", "must not be negative");
      Checks.notNull(argumentsFragment, "ToolCallDelta.argumentsFragment");
    }

    @Override
    public String toString() {
      return "ToolCallDelta[index="
          + index
          + ", id="
          + id
          + ", name="
          + name
          + ", fragment="
          + argumentsFragment.length()
          + " chars]";
    }
  }

  /**
   * Token usage, as the provider reported it so far (the last one is final).
   *
   * @param usage the counts
   */
  record UsageUpdate(Usage usage) implements ChatEvent {
    public UsageUpdate {
      Checks.notNull(usage, "UsageUpdate.usage");
    }
  }

  /**
   * The last event: the complete response.
   *
   * @param response the aggregated response, as {@code chat} would have returned it
   */
  record Completed(ChatResponse response) implements ChatEvent {
    public Completed {
      Checks.notNull(response, "Completed.response");
    }
  }
}
