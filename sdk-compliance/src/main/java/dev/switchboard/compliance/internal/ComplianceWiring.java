package dev.switchboard.compliance.internal;

import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Stage;
import java.time.Clock;
import java.util.Map;

/** Builds the COMPLIANCE and AUDIT stages from the client builder's settings. */
public final class ComplianceWiring {
  private ComplianceWiring() {}

  /**
   * What the client builder holds for compliance.
   *
   * @param policy the policy, or null
   * @param detector the detector, or null for the default
   * @param key the audit key, or null
   * @param trail the audit trail, or null
   * @param profiles provider profiles by id
   */
  public record Settings(CompliancePolicy policy, PhiDetector detector, AuditKey key, AuditTrail trail,
      Map<String, ProviderProfile> profiles) {
    PhiDetector detectorOrDefault() {
      return detector != null ? detector : PhiDetector.defaultDetector();
    }

    AuditRecords records() {
      return new AuditRecords(key, profiles, detectorOrDefault(), policy);
    }
  }

  /** Adds the stages the settings call for. */
  public static void addStages(Map<Stage, CallInterceptor> stages, Settings s) {
    if (s.trail() == null) return;
    AuditRecords records = s.records();
    stages.put(Stage.AUDIT, new AuditStage(s.trail(), records));
    if (s.policy() != null) {
      stages.put(Stage.COMPLIANCE, new ComplianceStage(s.policy(), s.detectorOrDefault(), s.profiles(), s.trail(),
          records, Clock.systemUTC()));
    }
  }

  /**
   * Appends the record that says which policy is in force from now on (the genesis record of a
   * new trail).
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if it cannot be written
   */
  public static void recordPolicyLoad(Settings s) {
    if (s.trail() != null) s.trail().append(s.records().policyLoad());
  }
}
