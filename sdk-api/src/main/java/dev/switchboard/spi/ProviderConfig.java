package dev.switchboard.spi;

/**
 * A provider's validated, immutable configuration, produced by {@link
 * ModelProviderFactory#parse(ProviderSettings)} from a config file or by an adapter's own builder.
 *
 * @since 0.1
 */
public interface ProviderConfig {

  /** The provider type this config is for, such as {@code foundry}. */
  String type();

  /** A one-line summary for listings (type, endpoint, API); never a secret. */
  String describe();
}
