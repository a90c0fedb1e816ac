package dev.switchboard;

import dev.switchboard.spi.Checks;

/**
 * One place a logical model can be served: a configured provider and the model (or deployment) name
 * it knows.
 *
 * @param provider the configured provider id
 * @param model the provider-side model or deployment name
 * @param weight the share of calls under {@link Route.Strategy#WEIGHTED}; ignored otherwise
 * @since 0.1
 */
public record Target(String provider, String model, int weight) {
  public Target {
    Checks.notBlank(provider, "Target.provider");
    Checks.notBlank(model, "Target.model");
    Checks.check(weight >= 0, "Target.weight", "must not be negative");
  }

  /** A target with weight 1. */
  public static Target of(String provider, String model) {
    return new Target(provider, model, 1);
  }

  /** {@code provider/model}. */
  public String label() {
    return provider + "/" + model;
  }
}
