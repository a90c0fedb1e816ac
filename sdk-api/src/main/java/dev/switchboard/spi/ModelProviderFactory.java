package dev.switchboard.spi;

/**
 * Creates providers of one config {@code type}. Registered through {@code
 * META-INF/services/dev.switchboard.spi.ModelProviderFactory}; must have a public no-argument
 * constructor.
 *
 * @since 0.1
 */
public interface ModelProviderFactory {

  /** The config type this factory serves, such as {@code foundry} or {@code ollama}. */
  String type();

  /**
   * Reads and validates a provider's config section. Reports every problem through {@link
   * ProviderSettings#problem} rather than throwing at the first; keys the factory does not read are
   * reported as unknown by the caller. Must not do I/O.
   */
  ProviderConfig parse(ProviderSettings settings);

  /**
   * Creates the provider. May allocate connection pools; must not do network I/O.
   *
   * @param id the configured provider id
   * @param config a config this factory's {@link #parse} produced
   */
  ModelProvider create(String id, ProviderConfig config);
}
