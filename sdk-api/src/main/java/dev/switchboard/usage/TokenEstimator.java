package dev.switchboard.usage;

import dev.switchboard.chat.AssistantMessage;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ChatResponse;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.ToolCall;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.embedding.EmbeddingRequest;
import java.nio.charset.StandardCharsets;

/**
 * Token counts without a tokenizer, in two flavours. {@code typical} (about four characters a
 * token) estimates what a provider that reported no usage most likely billed. {@code max} bounds it
 * from above for budget reservations: byte-level BPE tokenizers never produce more tokens than the
 * text has UTF-8 bytes, plus framing per message and a generous allowance per image.
 */
public final class TokenEstimator {
  private static final int CHARS_PER_TOKEN = 4;
  private static final int TYPICAL_MESSAGE_OVERHEAD = 4;
  private static final int MAX_MESSAGE_OVERHEAD = 16;
  private static final int TYPICAL_IMAGE_TOKENS = 1_000;

  /** High-detail images on the patch-based models bill up to about 3,800 tokens. */
  private static final int MAX_IMAGE_TOKENS = 4_000;

  private static final int REQUEST_OVERHEAD = 8;

  private TokenEstimator() {}

  /** The input tokens a provider most likely counted for this request. */
  public static long typicalInput(ChatRequest request) {
    return REQUEST_OVERHEAD + walk(request, false);
  }

  /** An upper bound on the input tokens of this request. */
  public static long maxInput(ChatRequest request) {
    return REQUEST_OVERHEAD + walk(request, true);
  }

  /** The output tokens a provider most likely counted for this answer (text and tool calls). */
  public static long typicalOutput(ChatResponse response) {
    long chars = response.text().length();
    for (ToolCall c : response.toolCalls()) chars += c.name().length() + c.arguments().length();
    return typicalText(chars);
  }

  /** The tokens a provider most likely counted for this many characters. */
  public static long typicalText(long chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }

  /** The tokens a provider most likely counted for these inputs. */
  public static long typicalEmbedding(EmbeddingRequest request) {
    long tokens = 0;
    for (String input : request.inputs()) tokens += typicalText(input.length());
    return Math.max(1, tokens);
  }

  /** An upper bound on the tokens of these inputs. */
  public static long maxEmbedding(EmbeddingRequest request) {
    long tokens = 0;
    for (String input : request.inputs()) tokens += utf8(input) + 2;
    return tokens;
  }

  private static long walk(ChatRequest request, boolean max) {
    long tokens = 0;
    for (ChatMessage m : request.messages()) {
      tokens += max ? MAX_MESSAGE_OVERHEAD : TYPICAL_MESSAGE_OVERHEAD;
      tokens += text(m.text(), max);
      if (m instanceof AssistantMessage a) {
        for (ToolCall c : a.toolCalls()) tokens += text(c.name(), max) + text(c.arguments(), max);
      } else if (m instanceof UserMessage u) {
        for (ContentPart p : u.parts()) {
          if (p instanceof ImagePart) tokens += max ? MAX_IMAGE_TOKENS : TYPICAL_IMAGE_TOKENS;
        }
      }
    }
    for (Tool t : request.tools()) {
      tokens += text(t.name(), max) + text(t.description(), max) + text(t.parametersSchema(), max);
    }
    if (request.responseFormat().schema() != null)
      tokens += text(request.responseFormat().schema(), max);
    return tokens;
  }

  private static long text(String s, boolean max) {
    if (s == null || s.isEmpty()) return 0;
    return max ? utf8(s) : typicalText(s.length());
  }

  private static long utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }
}
