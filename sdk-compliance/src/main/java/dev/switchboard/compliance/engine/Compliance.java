package dev.switchboard.compliance.engine;

import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditSettings;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.internal.AuditRecords;
import dev.switchboard.compliance.internal.AuditStage;
import dev.switchboard.compliance.internal.ComplianceStage;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.config.SwitchboardConfig;
import dev.switchboard.pipeline.CallInterceptor;
import dev.switchboard.pipeline.Stage;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.FeatureContext;
import dev.switchboard.spi.InstalledFeature;
import dev.switchboard.spi.PipelineFeature;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Compliance and audit as a pipeline feature: the COMPLIANCE stage (detect PHI, evaluate the
 * policy, narrow the route, redact or pseudonymize, restore) and the AUDIT stage (a decision record
 * before the vendor is called and an outcome record after it; fail closed). Immutable.
 *
 * <p>A config file sets it up with its {@code compliance:} and {@code audit:} sections and the
 * providers' {@code profile:}s. In code:
 *
 * <pre>{@code
 * ModelClient client = ModelClient.builder()
 *     .provider(provider).route("summary", Route.of("foundry-us", "gpt-4.1"))
 *     .with(Compliance.builder()
 *         .policy(CompliancePolicy.exampleHospitalPolicy())
 *         .profile("foundry-us", usCloudProfile)
 *         .auditTrail(AuditTrail.file(Path.of("audit.jsonl")))
 *         .auditKey(AuditKey.of(secret))
 *         .build())
 *     .build();
 * }</pre>
 *
 * <p>An audit trail given as an instance is the caller's to close and keeps its own clock; one the
 * {@link AuditSettings} describe is opened per client, time-stamps records with the client's one
 * clock, and is closed with the client.
 *
 * @since 0.2
 */
public final class Compliance implements PipelineFeature {
  /** The feature's name: a client holds one compliance feature. */
  public static final String NAME = "compliance";

  private final CompliancePolicy policy;
  private final PhiDetector detector;
  private final AuditKey auditKey;
  private final AuditTrail auditTrail;
  private final AuditSettings auditSettings;
  private final Map<String, ProviderProfile> profiles;

  private Compliance(Builder b) {
    this.policy = b.policy;
    this.detector = b.detector != null ? b.detector : PhiDetector.defaultDetector();
    this.auditKey = b.auditKey;
    this.auditTrail = b.auditTrail;
    this.auditSettings = b.auditSettings;
    this.profiles = Collections.unmodifiableMap(new LinkedHashMap<>(b.profiles));
  }

  /** An empty builder. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * For tests, in one line: the example hospital policy ({@link
   * CompliancePolicy#exampleHospitalPolicy()}), an audit trail in memory and a random audit key.
   * Give it to a client built on the mock ({@code MockModelExtension.builder().client(b ->
   * b.with(compliance))}), then read {@code compliance.auditTrail().orElseThrow().entries()}.
   *
   * @since 0.2
   */
  public static Compliance exampleForTests() {
    byte[] key = new byte[AuditKey.MIN_KEY_BYTES];
    new java.security.SecureRandom().nextBytes(key);
    return builder()
        .policy(CompliancePolicy.exampleHospitalPolicy())
        .auditTrail(AuditTrail.inMemory())
        .auditKey(AuditKey.of("test", key))
        .build();
  }

  /**
   * The compliance a config file asks for, to use as it is or as the start of a {@link #toBuilder()
   * builder} (for example to swap in a test's audit trail).
   */
  public static Optional<Compliance> from(SwitchboardConfig config) {
    return Checks.notNull(config, "config").feature(Compliance.class);
  }

  /** A builder holding this feature's settings and instances. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.policy = policy;
    b.detector = detector;
    b.auditKey = auditKey;
    b.auditTrail = auditTrail;
    b.auditSettings = auditSettings;
    b.profiles.putAll(profiles);
    return b;
  }

  /** The policy, if any (without one, calls are audited but not decided on). */
  public Optional<CompliancePolicy> policy() {
    return Optional.ofNullable(policy);
  }

  /** The PHI detector. */
  public PhiDetector detector() {
    return detector;
  }

  /** The key for keyed hashes in audit records, if set. */
  public Optional<AuditKey> auditKey() {
    return Optional.ofNullable(auditKey);
  }

  /** The audit trail given as an instance, if any. */
  public Optional<AuditTrail> auditTrail() {
    return Optional.ofNullable(auditTrail);
  }

  /** Where the audit trail lives, when it is opened per client from settings. */
  public Optional<AuditSettings> auditSettings() {
    return Optional.ofNullable(auditSettings);
  }

  /** The compliance profile of each provider that declares one, by provider id. */
  public Map<String, ProviderProfile> profiles() {
    return profiles;
  }

  @Override
  public String name() {
    return NAME;
  }

  /**
   * Opens the audit trail (when configured by settings), writes the record that says which policy
   * is in force from now on, and returns the AUDIT and, with a policy, COMPLIANCE stages.
   *
   * @throws dev.switchboard.compliance.audit.AuditTrailException if the trail cannot be opened or
   *     written
   */
  @Override
  public InstalledFeature install(FeatureContext context) {
    if (auditTrail == null && auditSettings == null) return InstalledFeature.of(Map.of(), () -> {});
    AuditTrail trail =
        auditTrail != null ? auditTrail : auditSettings.open(context.clock().asClock());
    AutoCloseable owned = auditTrail != null ? () -> {} : trail;
    try {
      AuditRecords records = new AuditRecords(auditKey, profiles, detector, policy);
      Map<Stage, CallInterceptor> stages = new EnumMap<>(Stage.class);
      stages.put(Stage.AUDIT, new AuditStage(trail, records));
      if (policy != null) {
        stages.put(
            Stage.COMPLIANCE,
            new ComplianceStage(
                policy, detector, profiles, trail, records, context.clock().asClock()));
      }
      trail.append(records.policyLoad());
      return InstalledFeature.of(stages, owned);
    } catch (RuntimeException e) {
      if (auditTrail == null) trail.close();
      throw e;
    }
  }

  @Override
  public String toString() {
    return "Compliance[policy="
        + (policy != null)
        + ", audit="
        + (auditTrail != null ? "instance" : auditSettings != null ? auditSettings.type() : "none")
        + ", profiles="
        + profiles.keySet()
        + "]";
  }

  /** Builds a {@link Compliance}. Not thread-safe. */
  public static final class Builder {
    private CompliancePolicy policy;
    private PhiDetector detector;
    private AuditKey auditKey;
    private AuditTrail auditTrail;
    private AuditSettings auditSettings;
    private final Map<String, ProviderProfile> profiles = new LinkedHashMap<>();

    private Builder() {}

    /** The compliance policy; needs an audit trail and an audit key: every decision is audited. */
    public Builder policy(CompliancePolicy policy) {
      this.policy = Checks.notNull(policy, "policy");
      return this;
    }

    /** The PHI detector; {@link PhiDetector#defaultDetector()} unless set. */
    public Builder detector(PhiDetector detector) {
      this.detector = Checks.notNull(detector, "detector");
      return this;
    }

    /** The key for keyed hashes in audit records (patient references, prompts, answers). */
    public Builder auditKey(AuditKey key) {
      this.auditKey = Checks.notNull(key, "key");
      return this;
    }

    /** The audit trail every call is recorded in (fail closed). The caller owns and closes it. */
    public Builder auditTrail(AuditTrail trail) {
      this.auditTrail = Checks.notNull(trail, "trail");
      this.auditSettings = null;
      return this;
    }

    /** Where the audit trail lives; opened per client and closed with it. */
    public Builder auditSettings(AuditSettings settings) {
      this.auditSettings = Checks.notNull(settings, "settings");
      this.auditTrail = null;
      return this;
    }

    /** The compliance profile of a provider, which the policy decides on. */
    public Builder profile(String providerId, ProviderProfile profile) {
      profiles.put(Checks.notBlank(providerId, "providerId"), Checks.notNull(profile, "profile"));
      return this;
    }

    /**
     * Builds the feature.
     *
     * @throws IllegalStateException if a policy has no audit trail, or a trail no audit key
     */
    public Compliance build() {
      if (policy != null && auditTrail == null && auditSettings == null) {
        throw new IllegalStateException(
            "a compliance policy needs an audit trail: every decision is audited (fail closed)");
      }
      if ((auditTrail != null || auditSettings != null) && auditKey == null) {
        throw new IllegalStateException(
            "an audit trail needs an audit key for the keyed hashes in its records");
      }
      return new Compliance(this);
    }
  }
}
