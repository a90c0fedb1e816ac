package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderEnvironment;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.Residency;
import dev.switchboard.compliance.internal.ProfileParser;
import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.spi.ProviderSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Parses one alternative of {@code require.provider} into profile checks. */
final class ProviderChecks {
  private ProviderChecks() {}

  static List<Requirement.Check> parse(ProviderSettings s, PolicyParser parser) {
    List<Requirement.Check> checks = new ArrayList<>();
    if (s.has("kind")) {
      Set<ProviderKind> kinds = parser.kinds(s, "kind");
      checks.add(
          new Requirement.Check(
              Code.KIND_NOT_ALLOWED, "kind " + kinds, (f, p) -> kinds.contains(p.kind()), true));
    }
    s.bool("baa")
        .filter(b -> b)
        .ifPresent(
            b -> {
              checks.add(
                  new Requirement.Check(
                      Code.BAA_REQUIRED,
                      "a BAA in force",
                      (f, p) -> p.baaInForce(f.today()).isPresent()));
              checks.add(
                  new Requirement.Check(
                      Code.BAA_SCOPE,
                      "a BAA covering this kind of content",
                      (f, p) -> {
                        // a loop, not a stream: every target of every call is checked
                        Baa baa = p.baaInForce(f.today()).orElse(null);
                        if (baa == null) return true;
                        for (Modality m : f.modalities()) if (!baa.covers(m)) return false;
                        return true;
                      }));
            });
    s.bool("qsoa")
        .filter(b -> b)
        .ifPresent(
            b ->
                checks.add(
                    new Requirement.Check(
                        Code.QSOA_REQUIRED, "a QSO agreement", (f, p) -> p.qsoa())));
    if (s.has("deployment")) {
      Set<DeploymentType> types = parser.enums(s, "deployment", DeploymentType.class);
      checks.add(
          new Requirement.Check(
              Code.DEPLOYMENT_NOT_ALLOWED,
              "deployment " + types,
              (f, p) -> types.contains(p.deployment())));
    }
    s.bool("humanReview")
        .ifPresent(
            v ->
                checks.add(
                    new Requirement.Check(
                        Code.HUMAN_REVIEW,
                        v
                            ? "human review"
                            : "no human review by the vendor (unknown counts as yes)",
                        (f, p) -> p.humanReview() == v)));
    s.integer("maxAbuseMonitoringDays")
        .ifPresent(
            d ->
                checks.add(
                    new Requirement.Check(
                        Code.ABUSE_MONITORING_RETENTION,
                        "abuse-monitoring retention of at most "
                            + d
                            + " days (unknown counts as longer)",
                        (f, p) -> p.abuseMonitoringDays() <= d)));
    s.bool("trainsOnData")
        .ifPresent(
            v ->
                checks.add(
                    new Requirement.Check(
                        Code.TRAINS_ON_DATA,
                        v ? "training on data" : "no training on data",
                        (f, p) -> p.trainsOnData() == v)));
    if (s.has("modality")) {
      Set<Modality> needed = parser.enums(s, "modality", Modality.class);
      checks.add(
          new Requirement.Check(
              Code.MODALITY_NOT_COVERED,
              "approval for " + needed,
              (f, p) ->
                  p.modalities().containsAll(needed)
                      && p.modalities().containsAll(f.modalities())));
    }
    s.string("env")
        .ifPresent(
            e -> {
              ProviderEnvironment env = parser.enumOf(s, "env", ProviderEnvironment.class, e);
              if (env != null) {
                checks.add(
                    new Requirement.Check(
                        Code.ENVIRONMENT, "environment " + env, (f, p) -> p.environment() == env));
              }
            });
    s.section("processingRegions").ifPresent(r -> within(r, checks));
    if (checks.isEmpty()) s.problem(null, "must hold at least one provider constraint");
    return checks;
  }

  private static void within(ProviderSettings r, List<Requirement.Check> checks) {
    String within = r.requiredString("within");
    if (within.isEmpty()) return;
    if (within.equals("$residency")) {
      checks.add(
          new Requirement.Check(
              Code.RESIDENCY_VIOLATION,
              "processing within the data's residency",
              (f, p) -> p.processesWithin(f.residency())));
      return;
    }
    Residency fixed = ProfileParser.enumValue(Residency.class, within).orElse(null);
    if (fixed == null) {
      r.problem("within", "must be $residency, US, EU or ONPREM");
      return;
    }
    checks.add(
        new Requirement.Check(
            Code.RESIDENCY_VIOLATION,
            "processing within " + fixed,
            (f, p) -> p.processesWithin(fixed)));
  }
}
