package dev.switchboard.examples.cli;

import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;

/** The one-line summary the tool prints on stderr after an answer. */
final class Summary {
  private Summary() {}

  static String of(ChatResponse r) {
    return line(
        r.provider(),
        r.model(),
        r.usage(),
        r.cost().orElse(null),
        r.attempts(),
        r.latency().toMillis());
  }

  static String of(EmbeddingResponse r) {
    return line(
        r.provider(),
        r.model(),
        r.usage(),
        r.cost().orElse(null),
        r.attempts(),
        r.latency().toMillis());
  }

  private static String line(
      String provider, String model, Usage u, Cost cost, int attempts, long millis) {
    return "["
        + provider
        + "/"
        + model
        + " | "
        + u.inputTokens()
        + " in, "
        + u.outputTokens()
        + " out tokens"
        + (u.cachedInputTokens() > 0 ? " (" + u.cachedInputTokens() + " cached)" : "")
        + (cost == null
            ? ""
            : " | "
                + cost.format()
                + (cost.estimated() ? " (estimated)" : "")
                + (cost.unpriced() ? " (unpriced)" : ""))
        + " | "
        + attempts
        + (attempts == 1 ? " attempt" : " attempts")
        + " | "
        + millis
        + " ms]";
  }
}
