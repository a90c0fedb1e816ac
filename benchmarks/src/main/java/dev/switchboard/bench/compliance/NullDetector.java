package dev.switchboard.bench.compliance;

import dev.switchboard.compliance.KnownPatient;
import dev.switchboard.compliance.detect.Detection;
import dev.switchboard.compliance.detect.PhiDetector;

/** Finds nothing: separates the compliance stage's own cost from the detector's. */
final class NullDetector implements PhiDetector {
  @Override
  public Detection detect(String text, KnownPatient patientOrNull) {
    return Detection.empty();
  }

  @Override
  public String version() {
    return "null";
  }
}
