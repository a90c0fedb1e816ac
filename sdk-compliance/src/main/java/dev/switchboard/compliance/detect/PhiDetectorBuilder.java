package dev.switchboard.compliance.detect;

import dev.switchboard.compliance.internal.detect.DetectorEngine;
import dev.switchboard.compliance.internal.detect.DetectorSettings;
import dev.switchboard.spi.Checks;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Builds a {@link PhiDetector} with site settings. Not thread-safe; the detector it builds is.
 *
 * <pre>{@code
 * PhiDetector detector = PhiDetector.builder()
 *     .sitePattern(FindingType.MRN, "E\\d{7}")          // this hospital's MRN shape
 *     .sitePattern(FindingType.ACCOUNT_NUMBER, "FIN\\d{9}")
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class PhiDetectorBuilder {
  /** Findings below this confidence are dropped unless configured otherwise. */
  public static final double DEFAULT_MIN_CONFIDENCE = 0.5;

  private final List<DetectorSettings.SitePattern> sitePatterns = new ArrayList<>();
  private double minConfidence = DEFAULT_MIN_CONFIDENCE;

  PhiDetectorBuilder() {}

  /**
   * Adds a site pattern: any run of letters, digits and inner hyphens that contains a digit and
   * matches {@code regex} as a whole is reported as {@code type}, with or without a cue word.
   *
   * @throws IllegalArgumentException if the type is null or the regex is blank or invalid
   */
  public PhiDetectorBuilder sitePattern(FindingType type, String regex) {
    Checks.notNull(type, "sitePattern.type");
    Checks.notBlank(regex, "sitePattern.regex");
    try {
      sitePatterns.add(new DetectorSettings.SitePattern(type, Pattern.compile(regex)));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(
          "sitePattern.regex: invalid regular expression at index " + e.getIndex(), e);
    }
    return this;
  }

  /**
   * Sets the confidence below which findings are dropped (default {@value
   * #DEFAULT_MIN_CONFIDENCE}).
   *
   * @throws IllegalArgumentException if outside [0, 1]
   */
  public PhiDetectorBuilder minConfidence(double minConfidence) {
    Checks.check(
        minConfidence >= 0 && minConfidence <= 1, "minConfidence", "must be within [0, 1]");
    this.minConfidence = minConfidence;
    return this;
  }

  /** The immutable, thread-safe detector. */
  public PhiDetector build() {
    return new DetectorEngine(new DetectorSettings(sitePatterns, minConfidence));
  }
}
