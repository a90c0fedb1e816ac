package dev.switchboard.spi;

import java.util.Map;
import java.util.Optional;

/**
 * Reads one config document for one {@link PipelineFeatureFactory}. The loader first hands it every
 * provider section (before the provider's own factory reads it), then the document root. Problems
 * go to {@link ProviderSettings#problem}; the loader lists them all together.
 *
 * @since 0.2
 */
public interface FeatureConfigReader {

  /**
   * Reads this feature's keys ({@link PipelineFeatureFactory#providerKeys()}) of one provider
   * section.
   */
  void readProvider(String providerId, ProviderSettings provider);

  /**
   * Reads this feature's top-level sections ({@link PipelineFeatureFactory#sections()}).
   *
   * @param root the document root; read only this feature's keys
   * @param providerTypes the config type of each provider by id, in file order
   * @return the feature the config asks for, or empty when it does not use it
   */
  Optional<PipelineFeature> read(ProviderSettings root, Map<String, String> providerTypes);
}
