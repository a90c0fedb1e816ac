package dev.switchboard.usage;

import dev.switchboard.spi.Checks;

/**
 * Tokens a call consumed, as the provider reported them.
 *
 * @param inputTokens all input (prompt) tokens, including cached ones
 * @param cachedInputTokens the part of {@code inputTokens} served from the provider's prompt cache
 * @param outputTokens all output tokens, including reasoning tokens
 * @param reasoningTokens the part of {@code outputTokens} spent on hidden reasoning
 * @since 0.1
 */
public record Usage(
    long inputTokens, long cachedInputTokens, long outputTokens, long reasoningTokens) {
  /** No tokens. */
  public static final Usage EMPTY = new Usage(0, 0, 0, 0);

  public Usage {
    Checks.check(inputTokens >= 0, "Usage.inputTokens", "must not be negative");
    Checks.check(cachedInputTokens >= 0, "Usage.cachedInputTokens", "must not be negative");
    Checks.check(outputTokens >= 0, "Usage.outputTokens", "must not be negative");
    Checks.check(reasoningTokens >= 0, "Usage.reasoningTokens", "must not be negative");
  }

  /** Input and output tokens without cache or reasoning detail. */
  public static Usage of(long inputTokens, long outputTokens) {
    return new Usage(inputTokens, 0, outputTokens, 0);
  }

  /** Input plus output tokens. */
  public long totalTokens() {
    return inputTokens + outputTokens;
  }

  /** True if no tokens were counted. */
  public boolean isEmpty() {
    return inputTokens == 0 && outputTokens == 0 && cachedInputTokens == 0 && reasoningTokens == 0;
  }

  /** The sum of this and another usage. */
  public Usage plus(Usage other) {
    return new Usage(
        inputTokens + other.inputTokens,
        cachedInputTokens + other.cachedInputTokens,
        outputTokens + other.outputTokens,
        reasoningTokens + other.reasoningTokens);
  }
}
