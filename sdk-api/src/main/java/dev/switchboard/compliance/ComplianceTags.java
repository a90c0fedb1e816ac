package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;

/**
 * What a request carries and why: the inputs of the compliance policy. Immutable and thread-safe.
 * Tags are never sent to a provider (a label such as HIV can itself disclose a diagnosis), and
 * {@link #toString()} prints no sensitivity code or identifier.
 *
 * <pre>{@code
 * ComplianceTags tags = ComplianceTags.builder()
 *     .dataClass(DataClass.PHI)
 *     .purposeOfUse(PurposeOfUse.TREAT)
 *     .requester(Requester.of("u-4711", "attending", "discharge-app"))
 *     .patientRef(auditKey.hash(mrn))
 *     .build();
 * }</pre>
 *
 * <p>The confidentiality is always at least what the data class and the sensitivity codes imply
 * (HIV, STD, SDV and the SPI group imply R; CEL, VIP, EMP and PSYTHPN imply V). Detection may only
 * raise tags ({@link #raise}); a de-identified class can only be declared with a {@link
 * DeidAttestation}.
 *
 * @since 0.1
 */
public final class ComplianceTags {
  private static final ComplianceTags NONE = builder().build();

  private final DataClass dataClass;
  private final String duaId;
  private final DeidAttestation attestation;
  private final Confidentiality confidentiality;
  private final Set<String> sensitivity;
  private final Set<String> privacyLaw;
  private final PurposeOfUse purposeOfUse;
  private final Set<Obligation> obligations;
  private final Set<Refrain> refrains;
  private final Residency residency;
  private final String consentRef;
  private final String breakGlassReason;
  private final Requester requester;
  private final KeyedHash patientRef;
  private final KeyedHash encounterRef;
  private final KnownPatient knownPatient;

  private ComplianceTags(Builder b) {
    this.dataClass = Checks.notNull(b.dataClass, "ComplianceTags.dataClass");
    this.attestation = b.attestation;
    if (dataClass.isDeidentified()) {
      Checks.check(
          attestation != null && attestation.method() == dataClass,
          "ComplianceTags.dataClass",
          dataClass + " needs a matching DeidAttestation (use deidentified(...))");
    }
    Checks.check(
        attestation == null || dataClass.isDeidentified(),
        "ComplianceTags.attestation",
        "only applies to a de-identified data class");
    this.duaId = blankToNull(b.duaId, "ComplianceTags.duaId");
    Checks.check(
        duaId == null || dataClass == DataClass.LIMITED_DATA_SET,
        "ComplianceTags.duaId",
        "only applies to a limited data set");
    this.sensitivity = sorted(Hl7.sensitivity(b.sensitivity, "ComplianceTags.sensitivity"));
    this.privacyLaw = sorted(laws(b.privacyLaw));
    Confidentiality floor =
        Confidentiality.max(
            defaultConfidentiality(dataClass), Hl7.impliedConfidentiality(sensitivity, privacyLaw));
    this.confidentiality =
        b.confidentiality == null ? floor : Confidentiality.max(b.confidentiality, floor);
    this.purposeOfUse = b.purposeOfUse;
    this.obligations = Set.copyOf(b.obligations);
    this.refrains = Set.copyOf(b.refrains);
    this.residency = b.residency;
    this.consentRef = blankToNull(b.consentRef, "ComplianceTags.consentRef");
    this.breakGlassReason = blankToNull(b.breakGlassReason, "ComplianceTags.breakGlassReason");
    Checks.check(
        breakGlassReason == null || breakGlassReason.length() <= 500,
        "ComplianceTags.breakGlassReason",
        "must be at most 500 characters");
    this.requester = b.requester == null ? Requester.NONE : b.requester;
    this.patientRef = b.patientRef;
    this.encounterRef = b.encounterRef;
    this.knownPatient = b.knownPatient;
  }

  private static Confidentiality defaultConfidentiality(DataClass c) {
    return switch (c) {
      case PUBLIC, SYNTHETIC -> Confidentiality.U;
      case INTERNAL, DEID_SAFE_HARBOR, DEID_EXPERT -> Confidentiality.L;
      default -> Confidentiality.N;
    };
  }

  private static Set<String> laws(Collection<String> codes) {
    Set<String> out = new LinkedHashSet<>();
    for (String c : codes) {
      String law = Hl7.privacyLaw(c);
      Checks.check(
          law != null,
          "ComplianceTags.privacyLaw",
          "not a known privacy law code " + Hl7.PRIVACY_LAW);
      out.add(law);
    }
    return out;
  }

  private static Set<String> sorted(Set<String> codes) {
    return java.util.Collections.unmodifiableSet(new TreeSet<>(codes));
  }

  private static String blankToNull(String s, String field) {
    if (s == null) return null;
    return Checks.notBlank(s, field).strip();
  }

  /** No declared tags: under a compliance policy such a request is blocked by default. */
  public static ComplianceTags none() {
    return NONE;
  }

  /**
   * Protected health information used for the given HL7 purpose of use code (for example TREAT).
   */
  public static ComplianceTags phi(String purposeOfUse) {
    return of(DataClass.PHI, purposeOfUse);
  }

  /** Protected health information used for the given purpose. */
  public static ComplianceTags phi(PurposeOfUse purposeOfUse) {
    return builder().dataClass(DataClass.PHI).purposeOfUse(purposeOfUse).build();
  }

  /**
   * Tags with the given data class and purpose code (may be null).
   *
   * @throws IllegalArgumentException for an unknown purpose code, or a de-identified class (which
   *     needs {@link Builder#deidentified})
   */
  public static ComplianceTags of(DataClass dataClass, @Nullable String purposeOfUse) {
    return builder()
        .dataClass(dataClass)
        .purposeOfUse(purposeOfUse == null ? null : PurposeOfUse.of(purposeOfUse))
        .build();
  }

  /** A new builder with nothing declared. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these tags. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** A copy with the given HL7 sensitivity codes added (tags may only be raised). */
  public ComplianceTags withSensitivity(String... codes) {
    return toBuilder().addSensitivity(codes).build();
  }

  /**
   * These tags raised by what detection found: the higher data class, the union of sensitivity
   * codes, the higher confidentiality. Never lowers anything. A de-identified class backed by an
   * attestation is kept, because the attestation is the hospital's own determination.
   */
  public ComplianceTags raise(DataClass detectedClass, Collection<String> detectedSensitivity) {
    java.util.List<String> codes = new java.util.ArrayList<>(detectedSensitivity.size());
    for (String c : detectedSensitivity) {
      if (Hl7.isSensitivity(c.toUpperCase(java.util.Locale.ROOT))) codes.add(c);
    }
    boolean raisesClass = detectedClass.compareTo(dataClass) > 0 && attestation == null;
    if (codes.isEmpty() && !raisesClass) return this; // nothing to raise: the same tags
    Builder b = toBuilder().addSensitivity(codes.toArray(new String[0]));
    if (raisesClass) {
      b.dataClass(detectedClass);
      if (detectedClass != DataClass.LIMITED_DATA_SET) b.duaId(null);
    }
    return b.build();
  }

  public DataClass dataClass() {
    return dataClass;
  }

  /** The data use agreement of a limited data set. */
  public Optional<String> duaId() {
    return Optional.ofNullable(duaId);
  }

  /** The de-identification attestation of a de-identified class. */
  public Optional<DeidAttestation> attestation() {
    return Optional.ofNullable(attestation);
  }

  /** The effective confidentiality: never lower than the class and sensitivity codes imply. */
  public Confidentiality confidentiality() {
    return confidentiality;
  }

  /** HL7 sensitivity codes (SUD, HIV, PSY, ...), sorted. */
  public Set<String> sensitivity() {
    return sensitivity;
  }

  /** The sensitivity codes with every broader code they belong to (ETHUD adds SUD and SPI). */
  public Set<String> expandedSensitivity() {
    return Hl7.expand(sensitivity);
  }

  /** Privacy laws that govern the data (42CFRPart2, HIPAAPsyNotes, ...). */
  public Set<String> privacyLaw() {
    return privacyLaw;
  }

  /** The HL7 purpose of use code (TREAT, HPAYMT, HOPERAT, ...), if declared. */
  public Optional<String> purposeOfUse() {
    return purpose().map(Enum::name);
  }

  /** The purpose of use, if declared. */
  public Optional<PurposeOfUse> purpose() {
    return Optional.ofNullable(purposeOfUse);
  }

  /** Obligations the caller declares (the policy may add more). */
  public Set<Obligation> obligations() {
    return obligations;
  }

  /** Refrains the caller declares (the policy may add more). */
  public Set<Refrain> refrains() {
    return refrains;
  }

  /** Where the data may be processed, if declared. */
  public Optional<Residency> residency() {
    return Optional.ofNullable(residency);
  }

  /** The consent that covers this use (for example a FHIR Consent id), if any. */
  public Optional<String> consentRef() {
    return Optional.ofNullable(consentRef);
  }

  /** Why the glass was broken (emergency access), if it was. */
  public Optional<String> breakGlassReason() {
    return Optional.ofNullable(breakGlassReason);
  }

  public Requester requester() {
    return requester;
  }

  /** The patient, as a keyed hash; for audit linkage only, never sent to a provider. */
  public Optional<KeyedHash> patientRef() {
    return Optional.ofNullable(patientRef);
  }

  /** The encounter, as a keyed hash; for audit linkage only. */
  public Optional<KeyedHash> encounterRef() {
    return Optional.ofNullable(encounterRef);
  }

  /**
   * The patient's own identifiers (names, MRNs, dates of birth) for the local detector only; never
   * sent, logged or audited.
   */
  public Optional<KnownPatient> knownPatient() {
    return Optional.ofNullable(knownPatient);
  }

  /** True if nothing declares what the data is or why it is used. */
  public boolean isIncomplete() {
    return dataClass == DataClass.UNSPECIFIED || purposeOfUse == null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ComplianceTags t
        && t.dataClass == dataClass
        && Objects.equals(t.duaId, duaId)
        && Objects.equals(t.attestation, attestation)
        && t.confidentiality == confidentiality
        && t.sensitivity.equals(sensitivity)
        && t.privacyLaw.equals(privacyLaw)
        && t.purposeOfUse == purposeOfUse
        && t.obligations.equals(obligations)
        && t.refrains.equals(refrains)
        && t.residency == residency
        && Objects.equals(t.consentRef, consentRef)
        && Objects.equals(t.breakGlassReason, breakGlassReason)
        && t.requester.equals(requester)
        && Objects.equals(t.patientRef, patientRef)
        && Objects.equals(t.encounterRef, encounterRef)
        && Objects.equals(t.knownPatient, knownPatient);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        dataClass,
        duaId,
        confidentiality,
        sensitivity,
        privacyLaw,
        purposeOfUse,
        obligations,
        refrains,
        residency,
        consentRef,
        breakGlassReason,
        requester,
        patientRef,
        encounterRef);
  }

  /** Prints the data class, purpose and counts only: codes can disclose a diagnosis. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder("ComplianceTags[").append(dataClass);
    if (purposeOfUse != null) sb.append(", purpose=").append(purposeOfUse);
    if (!sensitivity.isEmpty())
      sb.append(", sensitivity=").append(sensitivity.size()).append(" codes");
    if (!privacyLaw.isEmpty())
      sb.append(", privacyLaw=").append(privacyLaw.size()).append(" codes");
    if (patientRef != null) sb.append(", patientRef=set");
    if (knownPatient != null) sb.append(", knownPatient=set");
    if (breakGlassReason != null) sb.append(", breakGlass=set");
    return sb.append(']').toString();
  }

  /** Builds {@link ComplianceTags}. Not thread-safe. */
  public static final class Builder {
    private DataClass dataClass = DataClass.UNSPECIFIED;
    private String duaId;
    private DeidAttestation attestation;
    private Confidentiality confidentiality;
    private final Set<String> sensitivity = new LinkedHashSet<>();
    private final Set<String> privacyLaw = new LinkedHashSet<>();
    private PurposeOfUse purposeOfUse;
    private final Set<Obligation> obligations = EnumSet.noneOf(Obligation.class);
    private final Set<Refrain> refrains = EnumSet.noneOf(Refrain.class);
    private Residency residency;
    private String consentRef;
    private String breakGlassReason;
    private Requester requester;
    private KeyedHash patientRef;
    private KeyedHash encounterRef;
    private KnownPatient knownPatient;

    private Builder() {}

    private Builder(ComplianceTags t) {
      dataClass = t.dataClass;
      duaId = t.duaId;
      attestation = t.attestation;
      confidentiality = t.confidentiality;
      sensitivity.addAll(t.sensitivity);
      privacyLaw.addAll(t.privacyLaw);
      purposeOfUse = t.purposeOfUse;
      obligations.addAll(t.obligations);
      refrains.addAll(t.refrains);
      residency = t.residency;
      consentRef = t.consentRef;
      breakGlassReason = t.breakGlassReason;
      requester = t.requester;
      patientRef = t.patientRef;
      encounterRef = t.encounterRef;
      knownPatient = t.knownPatient;
    }

    /** The data class; a de-identified class needs {@link #deidentified} instead. */
    public Builder dataClass(DataClass dataClass) {
      this.dataClass = dataClass;
      return this;
    }

    /** A limited data set under the given data use agreement. */
    public Builder limitedDataSet(String duaId) {
      this.dataClass = DataClass.LIMITED_DATA_SET;
      this.duaId = duaId;
      return this;
    }

    /** The DUA id of a limited data set. */
    public Builder duaId(String duaId) {
      this.duaId = duaId;
      return this;
    }

    /** De-identified data, with the attestation that makes it so (sets the data class). */
    public Builder deidentified(DeidAttestation attestation) {
      this.attestation = Checks.notNull(attestation, "attestation");
      this.dataClass = attestation.method();
      return this;
    }

    /** The declared confidentiality; raised to what the class and codes imply. */
    public Builder confidentiality(Confidentiality confidentiality) {
      this.confidentiality = confidentiality;
      return this;
    }

    /** Adds HL7 sensitivity codes (case-insensitive). */
    public Builder addSensitivity(String... codes) {
      for (String c : codes)
        sensitivity.add(Checks.notNull(c, "sensitivity").trim().toUpperCase(java.util.Locale.ROOT));
      return this;
    }

    /** Adds privacy law codes such as {@code 42CFRPart2}. */
    public Builder addPrivacyLaw(String... codes) {
      privacyLaw.addAll(List.of(codes));
      return this;
    }

    public Builder purposeOfUse(PurposeOfUse purposeOfUse) {
      this.purposeOfUse = purposeOfUse;
      return this;
    }

    /** The purpose by HL7 code; unknown codes are refused. */
    public Builder purposeOfUse(String code) {
      this.purposeOfUse = PurposeOfUse.of(code);
      return this;
    }

    public Builder addObligation(Obligation... o) {
      obligations.addAll(List.of(o));
      return this;
    }

    public Builder addRefrain(Refrain... r) {
      refrains.addAll(List.of(r));
      return this;
    }

    public Builder residency(Residency residency) {
      this.residency = residency;
      return this;
    }

    /** The consent covering this use, for example a FHIR Consent resource id. */
    public Builder consentRef(String consentRef) {
      this.consentRef = consentRef;
      return this;
    }

    /** Declares emergency access and why; the reason must not contain patient identifiers. */
    public Builder breakGlass(String reason) {
      this.breakGlassReason = reason;
      return this;
    }

    public Builder requester(Requester requester) {
      this.requester = requester;
      return this;
    }

    /** The patient as a keyed hash, from {@link AuditKey#hash(String)}. */
    public Builder patientRef(KeyedHash patientRef) {
      this.patientRef = patientRef;
      return this;
    }

    /** The encounter as a keyed hash, from {@link AuditKey#hash(String)}. */
    public Builder encounterRef(KeyedHash encounterRef) {
      this.encounterRef = encounterRef;
      return this;
    }

    /** The patient's own identifiers from the EHR, for the local detector only. */
    public Builder knownPatient(KnownPatient knownPatient) {
      this.knownPatient = knownPatient;
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the invalid field (never its value)
     */
    public ComplianceTags build() {
      return new ComplianceTags(this);
    }
  }
}
