package dev.switchboard.cost.internal;

import dev.switchboard.cost.Price;
import dev.switchboard.pipeline.Call;
import dev.switchboard.usage.TokenEstimator;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Optional;

/**
 * Exact arithmetic of prices: tokens times a rate per million, moved six decimal places, is exact
 * in {@link BigDecimal}, so no amount is ever rounded here.
 */
public final class Pricer {
  private Pricer() {}

  /**
   * What a chat attempt cost: uncached input, cached input, output other than reasoning and
   * reasoning each at their rate, plus the GPU time (see {@link #gpuTime}) at the GPU-second rate.
   */
  public static BigDecimal chat(Usage usage, Price price, Duration duration) {
    long cached = Math.min(usage.cachedInputTokens(), usage.inputTokens());
    long reasoning = Math.min(usage.reasoningTokens(), usage.outputTokens());
    return perMillion(usage.inputTokens() - cached, price.inputPerMillion())
        .add(perMillion(cached, price.cachedInputPerMillion()))
        .add(perMillion(usage.outputTokens() - reasoning, price.outputPerMillion()))
        .add(perMillion(reasoning, price.reasoningPerMillion()))
        .add(gpu(duration, price));
  }

  /** What an embedding attempt cost: every input token at the embedding rate, plus GPU time. */
  public static BigDecimal embedding(Usage usage, Price price, Duration duration) {
    return perMillion(usage.inputTokens(), price.embeddingPerMillion()).add(gpu(duration, price));
  }

  /**
   * The most one attempt of this call could cost at this price: the input bound at the dearer input
   * rate, the output limit (the request's, else the model's, else the default) at the dearer output
   * rate, and the whole call timeout at the GPU-second rate.
   */
  public static BigDecimal maxAttempt(Call call, Price price, int defaultMaxOutputTokens) {
    BigDecimal time = gpu(call.timeouts().call(), price);
    if (!call.operation().isChat()) {
      return perMillion(
              TokenEstimator.maxEmbedding(call.embeddingRequest()), price.embeddingPerMillion())
          .add(time);
    }
    long maxOut =
        call.chatRequest()
            .maxOutputTokens()
            .orElse(price.maxOutputTokens().orElse(defaultMaxOutputTokens));
    BigDecimal inRate = price.inputPerMillion().max(price.cachedInputPerMillion());
    BigDecimal outRate = price.outputPerMillion().max(price.reasoningPerMillion());
    return perMillion(TokenEstimator.maxInput(call.chatRequest()), inRate)
        .add(perMillion(maxOut, outRate))
        .add(time);
  }

  /**
   * The GPU time to bill: the server's own time for the request when it reported one (it excludes
   * queueing and the network; adapters set it as the response's {@code serverTime}), else the
   * attempt's wall time.
   */
  public static Duration gpuTime(Optional<Duration> serverTime, Duration wallTime) {
    return serverTime.filter(t -> !t.isNegative()).orElse(wallTime);
  }

  static BigDecimal perMillion(long tokens, BigDecimal ratePerMillion) {
    if (tokens == 0 || ratePerMillion.signum() == 0) return BigDecimal.ZERO;
    return BigDecimal.valueOf(tokens).multiply(ratePerMillion).movePointLeft(6);
  }

  private static BigDecimal gpu(Duration duration, Price price) {
    if (price.perGpuSecond().signum() == 0) return BigDecimal.ZERO;
    return BigDecimal.valueOf(duration.toMillis(), 3).multiply(price.perGpuSecond());
  }
}
