package dev.switchboard.spi;

import java.nio.file.Path;
import java.util.Set;

/**
 * Reads a feature's sections of the config file. Found with {@link java.util.ServiceLoader}
 * (register the implementation in {@code
 * META-INF/services/dev.switchboard.spi.PipelineFeatureFactory}), so that adding the feature's jar
 * is all it takes for a config file to use its sections.
 *
 * <p>A config that uses a section whose module is not on the class path fails to load with a
 * problem naming the artifact to add.
 *
 * @since 0.2
 */
public interface PipelineFeatureFactory {

  /** The feature's name, as {@link PipelineFeature#name()}. */
  String name();

  /**
   * The top-level config keys this feature reads ({@code pricing}, {@code budgets}, {@code
   * ledger}).
   */
  Set<String> sections();

  /**
   * The keys inside each {@code providers.<id>} section that this feature reads ({@code pricing},
   * {@code profile}).
   */
  Set<String> providerKeys();

  /**
   * A reader for one config document.
   *
   * @param baseDir the directory that relative file names in the config resolve against, or null
   *     for the working directory
   */
  FeatureConfigReader newReader(Path baseDir);
}
