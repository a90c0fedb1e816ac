package dev.switchboard.cost;

/**
 * What to do when no price is known for the provider and model of an attempt.
 *
 * @since 0.1
 */
public enum UnknownPricePolicy {
  /** Refuse the attempt before anything is sent, naming the provider and model. The default. */
  BLOCK,
  /** Send it, record its cost as unpriced (zero, flagged), and warn once per provider and model. */
  FLAG
}
