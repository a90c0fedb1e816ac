package dev.switchboard.compliance.audit;

import dev.switchboard.compliance.internal.audit.FhirMapper;
import java.util.List;

/**
 * Maps audit records to FHIR R4 {@code AuditEvent} resources: type DICOM 110106 (Export, a cloud
 * provider) or 110112 (Query, on-prem), action E, outcome 0/4/8/12, purposeOfEvent, agents (the
 * requester, the SDK, the model), source observer, and entities for the patient (keyed hash, role
 * 1), the prompt (role 24) and the answer (role 4) with security labels and keyed hashes. Records
 * other than decisions and responses (such as {@code policy.load}) are left out.
 *
 * @since 0.1
 */
public final class FhirAuditExport {
  private FhirAuditExport() {}

  /**
   * A FHIR R4 Bundle of type collection holding one AuditEvent per decision and response record.
   */
  public static String bundle(List<AuditEntry> entries) {
    return FhirMapper.bundle(entries);
  }

  /** One AuditEvent per line (FHIR bulk-data NDJSON). */
  public static String ndjson(List<AuditEntry> entries) {
    return FhirMapper.ndjson(entries);
  }
}
