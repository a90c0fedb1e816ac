package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;

/**
 * A statement that data was de-identified, by which method, by whom and where it is documented. The
 * only way to declare a de-identified data class: without it, a request whose text holds
 * identifiers is raised to PHI.
 *
 * @param method {@link DataClass#DEID_SAFE_HARBOR} or {@link DataClass#DEID_EXPERT}
 * @param reference the Expert Determination report id, or the Safe Harbor review's reference
 * @param attestedBy who attests (a user or service id)
 * @since 0.1
 */
public record DeidAttestation(DataClass method, String reference, String attestedBy) {
  public DeidAttestation {
    Checks.notNull(method, "DeidAttestation.method");
    Checks.check(
        method.isDeidentified(),
        "DeidAttestation.method",
        "must be DEID_SAFE_HARBOR or DEID_EXPERT");
    Checks.notBlank(reference, "DeidAttestation.reference");
    Checks.notBlank(attestedBy, "DeidAttestation.attestedBy");
  }

  /** Safe Harbor de-identification, reviewed under the given reference. */
  public static DeidAttestation safeHarbor(String reference, String attestedBy) {
    return new DeidAttestation(DataClass.DEID_SAFE_HARBOR, reference, attestedBy);
  }

  /** Expert Determination, documented in the given report. */
  public static DeidAttestation expert(String reportId, String attestedBy) {
    return new DeidAttestation(DataClass.DEID_EXPERT, reportId, attestedBy);
  }
}
