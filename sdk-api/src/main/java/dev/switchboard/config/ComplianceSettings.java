package dev.switchboard.config;

import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.policy.CompliancePolicy;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The config's {@code compliance:} and {@code audit:} sections:
 * {@code compliance: { policy: ./hospital-policy.yaml, detector: { site-patterns: { MRN: "E\\d{7}" } },
 * audit-key: ${SWITCHBOARD_AUDIT_KEY} }} and {@code audit: { type: file, path: ... }}.
 *
 * @param policy the loaded policy, or null (audit only)
 * @param detector the configured detector
 * @param auditKey the key for keyed hashes in audit records
 * @param audit where the audit trail lives, or null
 * @since 0.1
 */
public record ComplianceSettings(@Nullable CompliancePolicy policy, PhiDetector detector, AuditKey auditKey,
    @Nullable AuditSettings audit) {
  public Optional<CompliancePolicy> policyIfAny() {
    return Optional.ofNullable(policy);
  }

  public Optional<AuditSettings> auditIfAny() {
    return Optional.ofNullable(audit);
  }
}
