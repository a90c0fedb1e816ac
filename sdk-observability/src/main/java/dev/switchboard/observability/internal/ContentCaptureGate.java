package dev.switchboard.observability.internal;

import dev.switchboard.error.ConfigException;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import java.util.List;
import java.util.Map;

/**
 * Refuses to build a client whose features mark data as PHI while the telemetry installed on it
 * captures content. A pipeline feature of its own (with no stages) because only a feature sees,
 * when the client is built, every other feature the client got, whether from its config file or
 * added in code after the telemetry was installed ({@link FeatureContext#features()}).
 *
 * @param refusedCode the {@link ConfigException#code()} of a refusal
 */
public record ContentCaptureGate(String refusedCode) implements PipelineFeature {
  /**
   * The gate's feature name (one gate per client: a second telemetry's gate replaces the first).
   */
  public static final String NAME = "telemetry.content-capture";

  /** Where the problems of a refusal say they come from, for a client built in code. */
  static final String SOURCE = "the client's pipeline features";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public InstalledFeature install(FeatureContext context) {
    check(context.features(), SOURCE, refusedCode);
    return InstalledFeature.of(Map.of(), () -> {});
  }

  /**
   * Throws if these features mark data as PHI: the one check behind both the config path (at the
   * telemetry's build) and the client path (at each client's build).
   *
   * @throws ConfigException with the given code, one problem per mark
   */
  public static void check(Map<String, PipelineFeature> features, String source, String code) {
    List<String> marks = ContentCapture.phiMarks(features);
    if (!marks.isEmpty()) {
      throw new ConfigException(
          source, marks.stream().map(m -> m + "; content capture is refused").toList(), code);
    }
  }
}
