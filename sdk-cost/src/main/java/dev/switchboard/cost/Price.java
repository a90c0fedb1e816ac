package dev.switchboard.cost;

import dev.switchboard.spi.Checks;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.OptionalInt;

/**
 * One entry of a {@link PriceCatalog}: which provider and model it prices, from which day, and the
 * rates. Token rates are per million tokens; {@code perGpuSecond} prices the wall time of an
 * attempt (for models hosted in the hospital, at an internal rate). Immutable.
 *
 * <pre>{@code
 * Price gpu = Price.builder().provider("gpu-ward").model("*")
 *     .inputPerMillion("0.05").outputPerMillion("0.15").build();
 * }</pre>
 *
 * <p>Patterns match case-insensitively; {@code *} stands for any run of characters. {@code
 * provider} matches the configured provider id, {@code providerType} the provider's config type
 * ({@code foundry}, {@code ollama}, ...), which is how the bundled catalog prices local models
 * without knowing your provider ids.
 *
 * @since 0.1
 */
public final class Price {
  private final String provider;
  private final String providerType;
  private final String model;
  private final LocalDate effectiveFrom;
  private final String currency;
  private final BigDecimal inputPerMillion;
  private final BigDecimal cachedInputPerMillion;
  private final BigDecimal outputPerMillion;
  private final BigDecimal reasoningPerMillion;
  private final BigDecimal embeddingPerMillion;
  private final BigDecimal perGpuSecond;
  private final Integer maxOutputTokens;
  private String label; // computed once, on first use

  private Price(Builder b) {
    this.provider = Checks.notBlank(b.provider, "Price.provider");
    this.providerType = Checks.notBlank(b.providerType, "Price.providerType");
    this.model = Checks.notBlank(b.model, "Price.model");
    this.effectiveFrom = Checks.notNull(b.effectiveFrom, "Price.effectiveFrom");
    this.currency = Checks.currencyCode(b.currency, "Price.currency");
    this.inputPerMillion = rate(b.inputPerMillion, "Price.inputPerMillion");
    this.cachedInputPerMillion = rate(b.cachedInputPerMillion, "Price.cachedInputPerMillion");
    this.outputPerMillion = rate(b.outputPerMillion, "Price.outputPerMillion");
    this.reasoningPerMillion = rate(b.reasoningPerMillion, "Price.reasoningPerMillion");
    this.embeddingPerMillion = rate(b.embeddingPerMillion, "Price.embeddingPerMillion");
    this.perGpuSecond = rate(b.perGpuSecond, "Price.perGpuSecond");
    if (b.maxOutputTokens != null)
      Checks.check(b.maxOutputTokens >= 1, "Price.maxOutputTokens", "must be at least 1");
    this.maxOutputTokens = b.maxOutputTokens;
  }

  private static BigDecimal rate(BigDecimal value, String field) {
    if (value != null) Checks.check(value.signum() >= 0, field, "must not be negative");
    return value;
  }

  /** A new builder: provider, type and model {@code *}, currency USD, effective from 2000-01-01. */
  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder(this);
  }

  /** Pattern on the configured provider id. */
  public String provider() {
    return provider;
  }

  /** Pattern on the provider's config type. */
  public String providerType() {
    return providerType;
  }

  /** Pattern on the provider-side model or deployment name. */
  public String model() {
    return model;
  }

  /** The first day this price applies (in UTC). */
  public LocalDate effectiveFrom() {
    return effectiveFrom;
  }

  public String currency() {
    return currency;
  }

  /** Per million uncached input tokens; zero if not set. */
  public BigDecimal inputPerMillion() {
    return orZero(inputPerMillion);
  }

  /** Per million input tokens served from the prompt cache; the input rate if not priced apart. */
  public BigDecimal cachedInputPerMillion() {
    return cachedInputPerMillion != null ? cachedInputPerMillion : inputPerMillion();
  }

  /** Per million output tokens; zero if not set. */
  public BigDecimal outputPerMillion() {
    return orZero(outputPerMillion);
  }

  /** Per million reasoning tokens; the output rate if not priced apart. */
  public BigDecimal reasoningPerMillion() {
    return reasoningPerMillion != null ? reasoningPerMillion : outputPerMillion();
  }

  /** Per million tokens embedded; the input rate if not priced apart. */
  public BigDecimal embeddingPerMillion() {
    return embeddingPerMillion != null ? embeddingPerMillion : inputPerMillion();
  }

  /** Per second of an attempt's wall time (GPU time of a local model); zero if not set. */
  public BigDecimal perGpuSecond() {
    return orZero(perGpuSecond);
  }

  /**
   * The most output tokens the model can produce, used to bound a call's cost when the request sets
   * none.
   */
  public OptionalInt maxOutputTokens() {
    return maxOutputTokens == null ? OptionalInt.empty() : OptionalInt.of(maxOutputTokens);
  }

  /** True if every rate is zero (a local model at no internal charge). */
  public boolean isFree() {
    return inputPerMillion().signum() == 0
        && cachedInputPerMillion().signum() == 0
        && outputPerMillion().signum() == 0
        && reasoningPerMillion().signum() == 0
        && embeddingPerMillion().signum() == 0
        && perGpuSecond().signum() == 0;
  }

  /** A short label for records and messages, such as {@code *|foundry|gpt-4.1@2025-04-14}. */
  public String label() {
    String l = label;
    if (l == null) label = l = provider + "|" + providerType + "|" + model + "@" + effectiveFrom;
    return l;
  }

  private static BigDecimal orZero(BigDecimal v) {
    return v == null ? BigDecimal.ZERO : v;
  }

  @Override
  public String toString() {
    return "Price["
        + label()
        + ", "
        + currency
        + " in="
        + inputPerMillion()
        + " cached="
        + cachedInputPerMillion()
        + " out="
        + outputPerMillion()
        + " reasoning="
        + reasoningPerMillion()
        + " embedding="
        + embeddingPerMillion()
        + " gpuSecond="
        + perGpuSecond()
        + "]";
  }

  /** Builds a {@link Price}. Not thread-safe. */
  public static final class Builder {
    private String provider = "*";
    private String providerType = "*";
    private String model = "*";
    private LocalDate effectiveFrom = LocalDate.of(2000, 1, 1);
    private String currency = "USD";
    private BigDecimal inputPerMillion;
    private BigDecimal cachedInputPerMillion;
    private BigDecimal outputPerMillion;
    private BigDecimal reasoningPerMillion;
    private BigDecimal embeddingPerMillion;
    private BigDecimal perGpuSecond;
    private Integer maxOutputTokens;

    private Builder() {}

    private Builder(Price p) {
      provider = p.provider;
      providerType = p.providerType;
      model = p.model;
      effectiveFrom = p.effectiveFrom;
      currency = p.currency;
      inputPerMillion = p.inputPerMillion;
      cachedInputPerMillion = p.cachedInputPerMillion;
      outputPerMillion = p.outputPerMillion;
      reasoningPerMillion = p.reasoningPerMillion;
      embeddingPerMillion = p.embeddingPerMillion;
      perGpuSecond = p.perGpuSecond;
      maxOutputTokens = p.maxOutputTokens;
    }

    public Builder provider(String pattern) {
      this.provider = pattern;
      return this;
    }

    public Builder providerType(String pattern) {
      this.providerType = pattern;
      return this;
    }

    public Builder model(String pattern) {
      this.model = pattern;
      return this;
    }

    public Builder effectiveFrom(LocalDate day) {
      this.effectiveFrom = day;
      return this;
    }

    public Builder currency(String currency) {
      this.currency = currency;
      return this;
    }

    public Builder inputPerMillion(BigDecimal rate) {
      this.inputPerMillion = rate;
      return this;
    }

    public Builder inputPerMillion(String rate) {
      return inputPerMillion(new BigDecimal(rate));
    }

    public Builder cachedInputPerMillion(BigDecimal rate) {
      this.cachedInputPerMillion = rate;
      return this;
    }

    public Builder cachedInputPerMillion(String rate) {
      return cachedInputPerMillion(new BigDecimal(rate));
    }

    public Builder outputPerMillion(BigDecimal rate) {
      this.outputPerMillion = rate;
      return this;
    }

    public Builder outputPerMillion(String rate) {
      return outputPerMillion(new BigDecimal(rate));
    }

    public Builder reasoningPerMillion(BigDecimal rate) {
      this.reasoningPerMillion = rate;
      return this;
    }

    public Builder reasoningPerMillion(String rate) {
      return reasoningPerMillion(new BigDecimal(rate));
    }

    public Builder embeddingPerMillion(BigDecimal rate) {
      this.embeddingPerMillion = rate;
      return this;
    }

    public Builder embeddingPerMillion(String rate) {
      return embeddingPerMillion(new BigDecimal(rate));
    }

    public Builder perGpuSecond(BigDecimal rate) {
      this.perGpuSecond = rate;
      return this;
    }

    public Builder perGpuSecond(String rate) {
      return perGpuSecond(new BigDecimal(rate));
    }

    public Builder maxOutputTokens(int tokens) {
      this.maxOutputTokens = tokens;
      return this;
    }

    /**
     * Builds the price.
     *
     * @throws IllegalArgumentException naming the first invalid field
     */
    public Price build() {
      return new Price(this);
    }
  }
}
