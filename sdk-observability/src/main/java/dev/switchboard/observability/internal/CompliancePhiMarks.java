package dev.switchboard.observability.internal;

import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.spi.PipelineFeature;
import java.util.ArrayList;
import java.util.List;

/**
 * The compliance feature's marks of PHI. A class of its own so that {@code switchboard-compliance}
 * (an optional dependency) is loaded only when a compliance feature is configured, which implies
 * the module is on the class path.
 */
final class CompliancePhiMarks {
  private CompliancePhiMarks() {}

  static List<String> of(PipelineFeature feature) {
    if (!(feature instanceof Compliance compliance)) {
      // A feature under the compliance name that is not ours: its rules cannot be read, so it is
      // taken to handle PHI.
      return List.of(
          "compliance: a compliance feature ("
              + feature.getClass().getName()
              + ") whose policy cannot be inspected: it is taken to handle PHI");
    }
    List<String> marks = new ArrayList<>();
    compliance
        .policy()
        .filter(CompliancePolicy::classifiesPhi)
        .ifPresent(
            p ->
                marks.add(
                    "compliance.policy: classifies requests as PHI ("
                        + (p.escalates()
                            ? "detector.escalate raises requests with identifiers to PHI"
                            : "a rule's when matches data class PHI or LDS")
                        + ")"));
    compliance
        .profiles()
        .forEach(
            (id, profile) -> {
              if (profile.baa().isPresent()) {
                marks.add(
                    "providers."
                        + id
                        + ".profile.baa: the provider has a business associate agreement, so PHI"
                        + " is sent to it");
              }
            });
    return marks;
  }
}
