package dev.switchboard.cost.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.cost.Price;
import dev.switchboard.usage.Usage;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PricerTest {
  private static final Price GPT_41 =
      Price.builder()
          .model("gpt-4.1")
          .inputPerMillion("2.00")
          .cachedInputPerMillion("0.50")
          .outputPerMillion("8.00")
          .build();
  private static final Price NANO =
      Price.builder()
          .model("gpt-4.1-nano")
          .inputPerMillion("0.10")
          .cachedInputPerMillion("0.025")
          .outputPerMillion("0.40")
          .build();
  private static final Price REASONING_APART =
      Price.builder()
          .model("thinker")
          .inputPerMillion("1.10")
          .outputPerMillion("4.40")
          .reasoningPerMillion("12.00")
          .build();
  private static final Price NO_CACHE_RATE =
      Price.builder().model("plain").inputPerMillion("3").outputPerMillion("15").build();

  /** Each row: usage, price, the cost computed by hand. */
  static Stream<Arguments> chatCosts() {
    return Stream.of(
        // 1,000 x 2.00 + 500 x 8.00 = 2,000 + 4,000 = 6,000 per million
        Arguments.of(new Usage(1_000, 0, 500, 0), GPT_41, "0.006"),
        // (10,000 - 4,000) x 2.00 + 4,000 x 0.50 + 2,000 x 8.00 = 12,000 + 2,000 + 16,000 = 30,000
        // per million
        Arguments.of(new Usage(10_000, 4_000, 2_000, 0), GPT_41, "0.030"),
        // 1,000,000 x 0.10 + 234,567 x 0.025 + 7 x 0.40 = 100,000 + 5,864.175 + 2.8 = 105,866.975
        // per million
        Arguments.of(new Usage(1_234_567, 234_567, 7, 0), NANO, "0.105866975"),
        // reasoning priced apart: 900 x 1.10 + (2,000 - 1,500) x 4.40 + 1,500 x 12.00 = 990 + 2,200
        // + 18,000
        Arguments.of(new Usage(900, 0, 2_000, 1_500), REASONING_APART, "0.02119"),
        // reasoning at the output rate when not priced apart: 1,000 x 2 + 2,000 x 8 = 18,000 per
        // million
        Arguments.of(new Usage(1_000, 0, 2_000, 1_500), GPT_41, "0.018"),
        // cached tokens at the input rate when not priced apart: 5,000 x 3 + 100 x 15 = 16,500 per
        // million
        Arguments.of(new Usage(5_000, 2_000, 100, 0), NO_CACHE_RATE, "0.0165"),
        // one token of output at 0.40 per million
        Arguments.of(new Usage(0, 0, 1, 0), NANO, "0.0000004"),
        Arguments.of(Usage.EMPTY, GPT_41, "0"));
  }

  @ParameterizedTest
  @MethodSource("chatCosts")
  void chatCostIsExact(Usage usage, Price price, String expected) {
    BigDecimal cost = Pricer.chat(usage, price, Duration.ZERO);
    assertThat(cost).isEqualByComparingTo(expected);
  }

  @ParameterizedTest
  @MethodSource("chatCosts")
  void chatCostIsNeverRounded(Usage usage, Price price, String expected) {
    // the scale holds every digit: no rounding happened on the way
    assertThat(Pricer.chat(usage, price, Duration.ZERO).stripTrailingZeros().toPlainString())
        .isEqualTo(new BigDecimal(expected).stripTrailingZeros().toPlainString());
  }

  @org.junit.jupiter.api.Test
  void embeddingUsesTheEmbeddingRate() {
    Price small =
        Price.builder().model("text-embedding-3-small").embeddingPerMillion("0.02").build();
    // 12,345 x 0.02 = 246.9 per million
    assertThat(Pricer.embedding(Usage.of(12_345, 0), small, Duration.ZERO))
        .isEqualByComparingTo("0.0002469");
  }

  @org.junit.jupiter.api.Test
  void gpuSecondsPriceTheAttemptsWallTime() {
    Price gpu = Price.builder().provider("gpu-ward").perGpuSecond("0.0008").build();
    // 1.5 s x 0.0008 = 0.0012, tokens free
    assertThat(Pricer.chat(Usage.of(1_000, 1_000), gpu, Duration.ofMillis(1_500)))
        .isEqualByComparingTo("0.0012");
  }

  @org.junit.jupiter.api.Test
  void gpuTimeIsTheServersOwnTimeWhenItReportsOne() {
    Duration wall = Duration.ofMillis(900);
    assertThat(Pricer.gpuTime(java.util.Optional.of(Duration.ofNanos(174_560_334)), wall))
        .isEqualTo(Duration.ofNanos(174_560_334));
    assertThat(Pricer.gpuTime(java.util.Optional.empty(), wall)).isEqualTo(wall);
    // a non-number ("soon") can no longer reach the pricer: the adapters parse the server's
    // timings into a Duration (sdk-local's TimingsTest covers the non-number case there)
    assertThat(Pricer.gpuTime(java.util.Optional.of(Duration.ofMillis(-5)), wall)).isEqualTo(wall);
  }
}
