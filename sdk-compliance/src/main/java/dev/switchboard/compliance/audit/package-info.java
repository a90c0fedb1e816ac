/**
 * The tamper-evident audit trail: append-only, hash-chained records of every compliance decision
 * and call outcome, holding no raw PHI; a verifier that names the first broken link; and an export
 * to FHIR R4 AuditEvent resources.
 */
@NullMarked
package dev.switchboard.compliance.audit;

import org.jspecify.annotations.NullMarked;
