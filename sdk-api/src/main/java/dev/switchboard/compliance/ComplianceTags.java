package dev.switchboard.compliance;

import dev.switchboard.internal.Checks;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * What a request carries and why: the inputs of the compliance policy. Immutable. Tags are
 * never sent to a provider (a label such as HIV can itself disclose a diagnosis).
 *
 * <pre>{@code
 * ComplianceTags tags = ComplianceTags.phi("TREAT");
 * }</pre>
 *
 * @since 0.1
 */
public final class ComplianceTags {
  private static final ComplianceTags NONE = new ComplianceTags(DataClass.UNSPECIFIED, null, Set.of());

  private final DataClass dataClass;
  private final String purposeOfUse;
  private final Set<String> sensitivity;

  private ComplianceTags(DataClass dataClass, String purposeOfUse, Set<String> sensitivity) {
    this.dataClass = Checks.notNull(dataClass, "ComplianceTags.dataClass");
    if (purposeOfUse != null) Checks.notBlank(purposeOfUse, "ComplianceTags.purposeOfUse");
    this.purposeOfUse = purposeOfUse;
    this.sensitivity = Set.copyOf(sensitivity);
  }

  /** No declared tags. */
  public static ComplianceTags none() {
    return NONE;
  }

  /** Protected health information used for the given HL7 purpose of use (for example TREAT). */
  public static ComplianceTags phi(String purposeOfUse) {
    return new ComplianceTags(DataClass.PHI, purposeOfUse, Set.of());
  }

  /** Tags with the given data class and purpose (may be null). */
  public static ComplianceTags of(DataClass dataClass, String purposeOfUse) {
    return new ComplianceTags(dataClass, purposeOfUse, Set.of());
  }

  /** A copy with the given HL7 sensitivity codes added (tags may only be raised). */
  public ComplianceTags withSensitivity(String... codes) {
    Set<String> merged = new LinkedHashSet<>(sensitivity);
    for (String code : codes) merged.add(Checks.notBlank(code, "ComplianceTags.sensitivity"));
    return new ComplianceTags(dataClass, purposeOfUse, merged);
  }

  /** The data class. */
  public DataClass dataClass() { return dataClass; }

  /** The HL7 purpose of use (TREAT, HPAYMT, HOPERAT, ...), if declared. */
  public Optional<String> purposeOfUse() { return Optional.ofNullable(purposeOfUse); }

  /** HL7 sensitivity codes (SUD, HIV, PSY, ...). */
  public Set<String> sensitivity() { return sensitivity; }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComplianceTags t && t.dataClass == dataClass
        && Checks.equal(t.purposeOfUse, purposeOfUse) && t.sensitivity.equals(sensitivity);
  }

  @Override
  public int hashCode() {
    return (dataClass.hashCode() * 31 + (purposeOfUse == null ? 0 : purposeOfUse.hashCode())) * 31 + sensitivity.hashCode();
  }

  /** Prints only the data class and purpose: sensitivity codes can disclose a diagnosis. */
  @Override
  public String toString() {
    return "ComplianceTags[" + dataClass + (purposeOfUse == null ? "" : ", purpose=" + purposeOfUse)
        + (sensitivity.isEmpty() ? "" : ", sensitivity=" + sensitivity.size() + " codes") + "]";
  }
}
