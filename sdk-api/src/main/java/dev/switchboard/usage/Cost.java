package dev.switchboard.usage;

import dev.switchboard.spi.Checks;
import java.math.BigDecimal;

/**
 * What something cost, as an exact decimal amount in one currency.
 *
 * <p>{@code estimated} means the provider reported no usage and the tokens were estimated from the
 * text; {@code unpriced} means no price was known for the model (policy {@code flag}), so the
 * amount is zero but must not be read as free.
 *
 * @param amount the amount, never negative; not rounded
 * @param currency an ISO 4217 style code such as {@code USD}
 * @param estimated true if any part was estimated rather than reported
 * @param unpriced true if any part had no known price
 * @since 0.1
 */
public record Cost(BigDecimal amount, String currency, boolean estimated, boolean unpriced) {
  public Cost {
    Checks.notNull(amount, "Cost.amount");
    Checks.check(amount.signum() >= 0, "Cost.amount", "must not be negative");
    Checks.currencyCode(currency, "Cost.currency");
  }

  /** An exact, reported cost. */
  public static Cost of(BigDecimal amount, String currency) {
    return new Cost(amount, currency, false, false);
  }

  /** Nothing, in the given currency. */
  public static Cost zero(String currency) {
    return new Cost(BigDecimal.ZERO, currency, false, false);
  }

  /**
   * The sum of this and another cost; flags carry over.
   *
   * @throws IllegalArgumentException if the currencies differ
   */
  public Cost plus(Cost other) {
    Checks.notNull(other, "other");
    if (!currency.equals(other.currency)) // the message is built only on failure: every call adds
    throw new IllegalArgumentException("other.currency: must be " + currency + " to add");
    return new Cost(
        amount.add(other.amount),
        currency,
        estimated || other.estimated,
        unpriced || other.unpriced);
  }

  /** The amount without trailing zeros but with at least two decimals, for people. */
  public String format() {
    return formatAmount(amount) + " " + currency;
  }

  /** An amount as plain text, exact, with at least two decimals (never rounded). */
  public static String formatAmount(BigDecimal amount) {
    BigDecimal stripped = amount.stripTrailingZeros();
    if (stripped.scale() < 2) stripped = stripped.setScale(2);
    return stripped.toPlainString();
  }

  /** Equal amounts are equal whatever their scale: 0.50 USD equals 0.5 USD. */
  @Override
  public boolean equals(Object o) {
    return o instanceof Cost c
        && amount.compareTo(c.amount) == 0
        && currency.equals(c.currency)
        && estimated == c.estimated
        && unpriced == c.unpriced;
  }

  @Override
  public int hashCode() {
    return java.util.Objects.hash(amount.stripTrailingZeros(), currency, estimated, unpriced);
  }

  @Override
  public String toString() {
    return "Cost["
        + format()
        + (estimated ? ", estimated" : "")
        + (unpriced ? ", unpriced" : "")
        + "]";
  }
}
