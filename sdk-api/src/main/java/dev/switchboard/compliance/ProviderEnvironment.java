package dev.switchboard.compliance;

/**
 * Whether a provider serves production or only tests.
 *
 * @since 0.1
 */
public enum ProviderEnvironment {
  /** Production: may see real patient data where the policy allows. */
  PROD,
  /** Test and development: synthetic data only. */
  TEST
}
