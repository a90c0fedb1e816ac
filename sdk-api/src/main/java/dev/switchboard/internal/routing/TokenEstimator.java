package dev.switchboard.internal.routing;

import dev.switchboard.ModelRequest;
import dev.switchboard.chat.ChatRequest;
import dev.switchboard.embedding.EmbeddingRequest;

/**
 * A call's token estimate for the tokens-per-minute limit, made before it is sent and corrected
 * from the reported usage afterwards: the input as the cost stage estimates it (about four
 * characters a token, framing per message, a flat charge per image) plus the request's output
 * limit, or a default. Azure counts the output limit against its own quota the same way.
 */
final class TokenEstimator {
  static final int DEFAULT_OUTPUT_TOKENS = 256;

  private TokenEstimator() {}

  static long estimate(ModelRequest request) {
    if (request instanceof EmbeddingRequest e)
      return dev.switchboard.usage.TokenEstimator.typicalEmbedding(e);
    ChatRequest c = (ChatRequest) request;
    return dev.switchboard.usage.TokenEstimator.typicalInput(c)
        + c.maxOutputTokens().orElse(DEFAULT_OUTPUT_TOKENS);
  }
}
