package dev.switchboard.compliance.internal;

import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.spi.FeatureConfigReader;
import dev.switchboard.spi.PipelineFeature;
import dev.switchboard.spi.PipelineFeatureFactory;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Plugs compliance into config loading: reads {@code compliance}, {@code audit} and each provider's
 * {@code profile}.
 */
public final class ComplianceFeatureFactory implements PipelineFeatureFactory {
  @Override
  public String name() {
    return Compliance.NAME;
  }

  @Override
  public Set<String> sections() {
    return Set.of("compliance", "audit");
  }

  @Override
  public Set<String> providerKeys() {
    return Set.of("profile");
  }

  @Override
  public FeatureConfigReader newReader(Path baseDir) {
    Map<String, ProviderProfile> profiles = new LinkedHashMap<>();
    return new FeatureConfigReader() {
      @Override
      public void readProvider(String providerId, ProviderSettings provider) {
        provider
            .section("profile")
            .ifPresent(p -> profiles.put(providerId, ProfileParser.parse(p)));
      }

      @Override
      public Optional<PipelineFeature> read(
          ProviderSettings root, Map<String, String> providerTypes) {
        return Optional.ofNullable(ComplianceConfigParser.parse(root, baseDir, profiles));
      }
    };
  }
}
