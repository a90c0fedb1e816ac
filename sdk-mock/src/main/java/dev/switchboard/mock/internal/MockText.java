package dev.switchboard.mock.internal;

import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;

/**
 * Text helpers of the mock: the default reply, token estimates shaped like a real tokenizer's
 * (about four characters per token, a few tokens of overhead per message), and chunking for
 * streams.
 */
public final class MockText {
  private MockText() {}

  /** The text of the last user message, or "" if there is none. */
  public static String lastUserText(ChatRequest request) {
    List<ChatMessage> messages = request.messages();
    for (int i = messages.size() - 1; i >= 0; i--) {
      if (messages.get(i) instanceof UserMessage u) return u.text();
    }
    return "";
  }

  /**
   * A deterministic, plausible answer that describes the request without repeating it, so that
   * demos work and no prompt text is echoed.
   */
  public static String defaultReply(ChatRequest request) {
    int words = words(lastUserText(request));
    int messages = request.messages().size();
    return "This is a deterministic reply from the Switchboard mock provider. It received "
        + messages
        + (messages == 1 ? " message" : " messages")
        + " ("
        + words
        + (words == 1 ? " word" : " words")
        + " in the last user turn) and answers without reading them; script replies to test real answers.";
  }

  /**
   * Estimated tokens for a text: about four characters per token, at least one for non-empty text.
   */
  public static long tokens(String text) {
    if (text == null || text.isEmpty()) return 0;
    return Math.max(1, (text.length() + 3) / 4);
  }

  /** Estimated usage of a chat call with this answer. */
  public static Usage usage(ChatRequest request, String answer, List<ToolCall> toolCalls) {
    long input = 3; // the priming tokens of the assistant turn
    for (ChatMessage m : request.messages()) input += 4 + tokens(m.text());
    for (Tool t : request.tools())
      input += 8 + tokens(t.description()) + tokens(t.parametersSchema());
    long output = tokens(answer);
    for (ToolCall c : toolCalls) output += 4 + tokens(c.name()) + tokens(c.arguments());
    return Usage.of(input, Math.max(1, output));
  }

  /**
   * Splits text into chunks of {@code wordsPerChunk} words, each keeping its trailing whitespace.
   */
  public static List<String> chunks(String text, int wordsPerChunk) {
    List<String> out = new ArrayList<>();
    if (text.isEmpty()) return out;
    int start = 0;
    int wordsInChunk = 0;
    int i = 0;
    int n = text.length();
    while (i < n) {
      while (i < n && !Character.isWhitespace(text.charAt(i))) i++;
      while (i < n && Character.isWhitespace(text.charAt(i))) i++;
      if (++wordsInChunk == wordsPerChunk || i == n) {
        out.add(text.substring(start, i));
        start = i;
        wordsInChunk = 0;
      }
    }
    return out;
  }

  static int words(String text) {
    int count = 0;
    boolean inWord = false;
    for (int i = 0; i < text.length(); i++) {
      boolean ws = Character.isWhitespace(text.charAt(i));
      if (!ws && !inWord) count++;
      inWord = !ws;
    }
    return count;
  }
}
