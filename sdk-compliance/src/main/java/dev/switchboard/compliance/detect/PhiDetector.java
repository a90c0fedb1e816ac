package dev.switchboard.compliance.detect;

import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.internal.detect.DetectorEngine;
import org.jspecify.annotations.Nullable;

/**
 * Finds PHI in free text, in process: Safe Harbor identifiers (pattern, validator, context cue,
 * dictionary), the known patient's own identifiers, and sensitive topics that raise HL7 sensitivity
 * tags. No network, no model. Implementations are thread-safe.
 *
 * <pre>{@code
 * Detection d = PhiDetector.defaultDetector().detect(note, patient);
 * String safe = Redactor.redact(note, d.findings(), RedactionMode.TYPE_MASK);
 * }</pre>
 *
 * <p>Detection is a minimum-necessary control, never de-identification: names of strangers in
 * unusual positions, free-text geography and site-specific identifiers without a configured pattern
 * can be missed.
 *
 * @since 0.1
 */
public interface PhiDetector {
  /**
   * Scans a text.
   *
   * @param text the text to scan
   * @param patientOrNull the patient's own identifiers, or null if unknown
   * @return the findings (sorted, non-overlapping) and the sensitivity codes the text implies
   * @throws IllegalArgumentException if {@code text} is null
   */
  Detection detect(String text, @Nullable KnownPatient patientOrNull);

  /** Scans a text without a known patient. */
  default Detection detect(String text) {
    return detect(text, null);
  }

  /**
   * The detector's version, naming the versions of its recognizers; recorded in the audit trail.
   */
  String version();

  /** The built-in detector with default settings: thread-safe, shared, pure Java. */
  static PhiDetector defaultDetector() {
    return DetectorEngine.defaults();
  }

  /** A builder for a detector with site-specific settings (MRN and account patterns, threshold). */
  static PhiDetectorBuilder builder() {
    return new PhiDetectorBuilder();
  }
}
