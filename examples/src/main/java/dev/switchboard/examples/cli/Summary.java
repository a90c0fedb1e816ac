package dev.switchboard.examples.cli;

import dev.switchboard.chat.ChatResponse;
import dev.switchboard.embedding.EmbeddingResponse;
import dev.switchboard.usage.BudgetCharge;
import dev.switchboard.usage.Cost;
import dev.switchboard.usage.Usage;
import java.util.ArrayList;
import java.util.List;

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

  /**
   * One warning line per soft budget over its limit, printed on stderr whatever the output format:
   * the tool hides WARN logging by default, and an operator must still see it.
   */
  static List<String> budgetWarnings(List<BudgetCharge> charges) {
    List<String> out = new ArrayList<>();
    for (BudgetCharge c : charges) {
      if (!c.overSoftLimit()) continue;
      out.add(
          "warning: soft budget '"
              + c.budget()
              + "' is over its limit in period "
              + c.period()
              + ": "
              + c.used().toPlainString()
              + " of "
              + c.limit().toPlainString()
              + " "
              + c.currency()
              + " (spent and reserved, this call included)");
    }
    return out;
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
