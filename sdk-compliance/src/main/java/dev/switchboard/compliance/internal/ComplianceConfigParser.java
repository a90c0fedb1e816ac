package dev.switchboard.compliance.internal;

import dev.switchboard.auth.Secret;
import dev.switchboard.compliance.AuditKey;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.audit.AuditSettings;
import dev.switchboard.compliance.audit.AuditTrail;
import dev.switchboard.compliance.detect.FindingType;
import dev.switchboard.compliance.detect.PhiDetector;
import dev.switchboard.compliance.detect.PhiDetectorBuilder;
import dev.switchboard.compliance.engine.Compliance;
import dev.switchboard.compliance.policy.CompliancePolicy;
import dev.switchboard.error.ConfigException;
import dev.switchboard.jdbc.JdbcSettings;
import dev.switchboard.spi.Checks;
import dev.switchboard.spi.ProviderSettings;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code compliance:} and {@code audit:} sections. The policy file is loaded here, so an
 * invalid policy fails the config load with its problems listed under {@code compliance.policy}.
 */
public final class ComplianceConfigParser {
  /** {@code policy: builtin:example-hospital} names the example policy shipped in the jar. */
  public static final String BUILTIN_EXAMPLE = "builtin:example-hospital";

  private ComplianceConfigParser() {}

  /**
   * The feature, or null if neither section is present or a problem was reported. Problems go to
   * the root's list.
   *
   * @param profiles the providers' compliance profiles, read from their sections
   */
  public static Compliance parse(
      ProviderSettings root, Path baseDir, Map<String, ProviderProfile> profiles) {
    Optional<ProviderSettings> c = root.section("compliance");
    Optional<ProviderSettings> a = root.section("audit");
    if (c.isEmpty() && a.isEmpty()) {
      if (profiles.isEmpty()) return null;
      // Profiles alone: kept, so that code can add a policy and trail to them.
      Compliance.Builder b = Compliance.builder();
      profiles.forEach(b::profile);
      return b.build();
    }
    CompliancePolicy policy = null;
    PhiDetector detector = PhiDetector.defaultDetector();
    AuditKey key = null;
    if (c.isPresent()) {
      ProviderSettings s = c.get();
      policy =
          s.string("policy")
              .map(
                  p ->
                      p.equals(BUILTIN_EXAMPLE)
                          ? CompliancePolicy.exampleHospitalPolicy()
                          : policy(s, resolve(baseDir, p)))
              .orElse(null);
      detector = s.section("detector").map(ComplianceConfigParser::detector).orElse(detector);
      key = s.secret("audit-key").map(k -> auditKey(s, k)).orElse(null);
      if (policy != null && a.isEmpty())
        root.problem("audit", "is required with a compliance policy: every decision is audited");
    }
    AuditSettings audit = a.map(s -> audit(root, s, baseDir)).orElse(null);
    if (audit != null && key == null) {
      root.problem(
          "compliance.audit-key",
          "is required with an audit trail (a secret of at least 32 bytes)");
    }
    Compliance.Builder b = Compliance.builder().detector(detector);
    if (policy != null) b.policy(policy);
    if (key != null) b.auditKey(key);
    if (audit != null) b.auditSettings(audit);
    profiles.forEach(b::profile);
    try {
      return b.build();
    } catch (IllegalStateException e) {
      return null; // a missing audit trail or key is reported above, by path
    }
  }

  private static Path resolve(Path baseDir, String file) {
    Path p = Path.of(file);
    return p.isAbsolute() || baseDir == null ? p : baseDir.resolve(p).normalize();
  }

  private static CompliancePolicy policy(ProviderSettings s, Path file) {
    try {
      return CompliancePolicy.load(file);
    } catch (ConfigException e) {
      // The code goes with each problem and onto the config's own exception (code()), which lists
      // every problem of the file, the policy's among them.
      for (String problem : e.problems()) {
        if (e.code().isPresent()) s.problem("policy", problem, e.code().get());
        else s.problem("policy", problem);
      }
      return null;
    }
  }

  private static AuditKey auditKey(ProviderSettings s, Secret secret) {
    try {
      return AuditKey.of(s.string("audit-key-id").orElse("k1"), secret);
    } catch (IllegalArgumentException e) {
      s.problem(
          "audit-key",
          "must be at least "
              + AuditKey.MIN_KEY_BYTES
              + " bytes (and audit-key-id [A-Za-z0-9_.-]{1,32})");
      return null;
    }
  }

  private static PhiDetector detector(ProviderSettings d) {
    if (!d.bool("enabled").orElse(true)) {
      d.problem(
          "enabled",
          "cannot be false: redaction, pseudonymization and tag escalation need the detector");
    }
    PhiDetectorBuilder b = PhiDetector.builder();
    d.number("min-confidence")
        .ifPresent(
            m -> {
              if (m < 0 || m > 1) d.problem("min-confidence", "must be within [0, 1]");
              else b.minConfidence(m);
            });
    for (Map.Entry<String, String> e : d.stringMap("site-patterns").entrySet()) {
      String key = "site-patterns." + e.getKey();
      Optional<FindingType> type = ProfileParser.enumValue(FindingType.class, e.getKey());
      if (type.isEmpty()) {
        d.problem(key, "must name a finding type such as MRN or ACCOUNT_NUMBER");
        continue;
      }
      try {
        b.sitePattern(type.get(), e.getValue());
      } catch (IllegalArgumentException ex) {
        d.problem(key, "is not a valid regular expression");
      }
    }
    return b.build();
  }

  private static AuditSettings audit(ProviderSettings root, ProviderSettings s, Path baseDir) {
    Optional<String> type = s.oneOf("type", Set.of("file", "jdbc"));
    if (type.isEmpty()) {
      if (!s.has("type")) s.problem("type", "is required (file or jdbc)");
      return null;
    }
    if (type.get().equals("file")) {
      String path = s.requiredString("path");
      AuditTrail.Sync sync = AuditTrail.Sync.GROUP;
      Optional<Object> rawSync = s.raw("sync");
      if (rawSync.isPresent()) {
        AuditTrail.Sync named = AuditTrail.Sync.parse(rawSync.get());
        if (named == null)
          s.problem(
              "sync",
              "must be every-record, group, decisions, overlap, overlap-decisions or os (or true/false)");
        else sync = named;
      }
      long preallocate = s.byteSize("preallocate").orElse(0L);
      if (path.isEmpty()) return null;
      Path file = resolve(baseDir, path);
      Checks.whyNotWritable(file).ifPresent(why -> s.problem("path", why));
      return AuditSettings.file(file, sync, preallocate);
    }
    if (!s.has("url")) {
      // The shared database of the jdbc: block, which the ledger, budgets and quotas use too.
      Optional<JdbcSettings> shared = JdbcSettings.fromConfig(root, baseDir);
      if (shared.isEmpty() && !root.has("jdbc"))
        s.problem("url", "is required, or give the shared database in a jdbc: block");
      String table =
          s.string("table").orElse(shared.map(j -> j.tablePrefix()).orElse("") + "audit");
      if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"))
        s.problem("table", "must be an SQL identifier");
      else if (shared.isPresent()) return AuditSettings.jdbc(shared.get(), table);
      return null;
    }
    String url = s.requiredString("url");
    String user = s.string("user").orElse(null);
    Secret password = s.secret("password").orElse(null);
    String table = s.string("table").orElse("switchboard_audit");
    if (!table.matches("[A-Za-z_][A-Za-z0-9_]{0,62}"))
      s.problem("table", "must be an SQL identifier");
    if (!url.isEmpty() && !url.startsWith("jdbc:"))
      s.problem("url", "must be a JDBC URL (jdbc:postgresql://...)");
    return url.isEmpty()
        ? null
        : new AuditSettings("jdbc", null, AuditTrail.Sync.GROUP, url, user, password, table);
  }
}
