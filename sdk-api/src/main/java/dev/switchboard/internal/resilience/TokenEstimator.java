package dev.switchboard.internal.resilience;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.ChatMessage;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.chat.ContentPart;
import dev.switchboard.chat.ImagePart;
import dev.switchboard.chat.Tool;
import dev.switchboard.chat.UserMessage;
import dev.switchboard.embedding.EmbeddingRequest;

/**
 * A quick, deliberately generous token estimate of a request, made before it is sent, for the
 * tokens-per-minute limit; the reported usage corrects it afterwards. About four characters per
 * token (the usual rule for English with BPE tokenizers), a few tokens of framing per message, a
 * flat charge per image, and the output limit (or a default) for the answer: Azure counts the
 * output limit against its own quota in the same way.
 */
final class TokenEstimator {
  static final int CHARS_PER_TOKEN = 4;
  static final int TOKENS_PER_MESSAGE = 4;
  static final int TOKENS_PER_IMAGE = 765;
  static final int DEFAULT_OUTPUT_TOKENS = 256;

  private TokenEstimator() {}

  static long estimate(ModelRequest request) {
    if (request instanceof EmbeddingRequest e) {
      long chars = 0;
      for (String input : e.inputs()) chars += input.length();
      return ceilDiv(chars) + e.inputs().size();
    }
    ChatRequest c = (ChatRequest) request;
    long tokens = ceilDiv(c.textLength()) + (long) TOKENS_PER_MESSAGE * c.messages().size();
    for (Tool t : c.tools()) {
      tokens += ceilDiv(t.name().length() + t.description().length() + t.parametersSchema().length());
    }
    if (c.hasImages()) tokens += (long) TOKENS_PER_IMAGE * images(c);
    return tokens + c.maxOutputTokens().orElse(DEFAULT_OUTPUT_TOKENS);
  }

  private static int images(ChatRequest c) {
    int n = 0;
    for (ChatMessage m : c.messages()) {
      if (m instanceof UserMessage u) {
        for (ContentPart p : u.parts()) if (p instanceof ImagePart) n++;
      }
    }
    return n;
  }

  private static long ceilDiv(long chars) {
    return (chars + CHARS_PER_TOKEN - 1) / CHARS_PER_TOKEN;
  }
}
