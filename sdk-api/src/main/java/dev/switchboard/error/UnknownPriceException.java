package dev.switchboard.error;

/**
 * No price is known for the provider and model of an attempt, and the unknown-price policy is
 * {@code block}: the attempt was refused before anything was sent. Add the model to the price
 * catalog (config {@code pricing.overrides}) or set {@code pricing.unknown: flag}. Not retryable.
 *
 * @since 0.1
 */
public class UnknownPriceException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  public UnknownPriceException(String provider, String model, String catalog) {
    super(
        "no price for model '"
            + model
            + "' of provider '"
            + provider
            + "' in price catalog "
            + catalog
            + "; add it under pricing.overrides or set pricing.unknown: flag; refused before sending",
        ErrorContext.of(provider, model));
  }
}
