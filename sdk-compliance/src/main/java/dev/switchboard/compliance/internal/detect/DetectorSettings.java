package dev.switchboard.compliance.internal.detect;

import dev.switchboard.compliance.detect.FindingType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The settings of one detector, from {@code PhiDetectorBuilder}.
 *
 * @param sitePatterns the site's identifier patterns, tried in order
 * @param minConfidence findings below this are dropped
 */
public record DetectorSettings(List<SitePattern> sitePatterns, double minConfidence) {
  public static final DetectorSettings DEFAULTS = new DetectorSettings(List.of(), 0.5);

  public DetectorSettings {
    sitePatterns = List.copyOf(sitePatterns);
  }

  /**
   * A site pattern: a letter-digit chunk matching {@code pattern} as a whole is a {@code type}.
   *
   * @param type the finding type to report
   * @param pattern the compiled pattern
   */
  public record SitePattern(FindingType type, Pattern pattern) {}
}
