package dev.switchboard.compliance.internal.policy;

import dev.switchboard.Target;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Decision;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.Refrain;
import dev.switchboard.compliance.Residency;
import dev.switchboard.compliance.policy.PolicyDecision;
import dev.switchboard.compliance.policy.PolicyInput;
import dev.switchboard.error.ComplianceViolationException.Code;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Evaluates rules for one call. Rules run in file order; any matching block wins (deny wins);
 * provider requirements exclude targets; a call with no eligible target is blocked. Stateless and
 * thread-safe.
 */
public final class PolicyEvaluator {
  private final List<Rule> rules;
  private final Residency defaultResidency;
  private final String policyHash;

  public PolicyEvaluator(PolicyParser.Parsed parsed, String policyHash) {
    this.rules = parsed.rules();
    this.defaultResidency = parsed.defaultResidency();
    this.policyHash = policyHash;
  }

  private record Refusal(Code code, String ruleId, String hint) {}

  /**
   * What the rules have decided so far for one call. Exclusions, per-target obligations, notices
   * and blocks are rare: their collections are made on first use, not for every call.
   */
  private static final class Acc {
    private @Nullable Map<Target, Set<ProviderExclusion.Reason>> excluded;
    private @Nullable Map<Target, Set<Obligation>> perTarget;
    final Set<Obligation> obligations = EnumSet.noneOf(Obligation.class);
    final Set<Refrain> refrains = EnumSet.noneOf(Refrain.class);
    private @Nullable Set<String> notices;
    final Set<String> ruleIds = new LinkedHashSet<>();
    final List<Refusal> blocks = new ArrayList<>();
    boolean alert;

    void exclude(Target t, Code code, String ruleId, String detail) {
      if (excluded == null) excluded = new LinkedHashMap<>();
      excluded
          .computeIfAbsent(t, k -> new LinkedHashSet<>())
          .add(new ProviderExclusion.Reason(code, ruleId, detail));
    }

    @Nullable Set<ProviderExclusion.Reason> exclusionsOf(Target t) {
      return excluded == null ? null : excluded.get(t);
    }

    void oblige(Target t, Set<Obligation> more) {
      if (perTarget == null) perTarget = new LinkedHashMap<>();
      perTarget.computeIfAbsent(t, k -> EnumSet.noneOf(Obligation.class)).addAll(more);
    }

    Set<Obligation> obligationsOf(Target t) {
      return perTarget == null ? Set.of() : perTarget.getOrDefault(t, Set.of());
    }

    void notice(String notice) {
      if (notices == null) notices = new LinkedHashSet<>();
      notices.add(notice);
    }

    Set<String> notices() {
      return notices == null ? Set.of() : notices;
    }
  }

  /**
   * Decides for one call. Every rule is applied to the effective tags and, when detection raised
   * them, also to the declared tags, so the stricter outcome of both holds (a limited data set
   * raised to PHI still needs its DUA). Every provider check is run (no early return), so each
   * excluded target carries every reason. The block code follows a fixed precedence that does not
   * depend on which other targets the route holds: {@code TAGS_MISSING}, then the first
   * request-level block in rule order, then {@code PINNED_PROVIDER_INELIGIBLE} when the caller
   * pinned a provider and nothing is eligible, then {@code NO_ELIGIBLE_PROVIDER}.
   */
  public PolicyDecision evaluate(PolicyInput in) {
    ComplianceTags tags = in.tags();
    if (tags.isIncomplete()) {
      return blocked(
          new Refusal(
              Code.TAGS_MISSING,
              "defaults",
              "declare a data class and a purpose of use in the request's compliance tags"),
          List.of(),
          List.of(),
          false);
    }
    List<Facts> facts = new ArrayList<>(2);
    facts.add(facts(tags, in));
    if (in.raised() && !in.declaredTags().isIncomplete()) facts.add(facts(in.declaredTags(), in));
    Acc acc = new Acc();
    acc.obligations.addAll(tags.obligations());
    acc.refrains.addAll(tags.refrains());
    for (Rule rule : rules) {
      for (Facts f : facts) apply(rule, f, in, acc);
    }
    builtIn(facts.get(0), in, acc);
    List<Target> eligible = new ArrayList<>();
    List<ProviderExclusion> exclusions = new ArrayList<>();
    for (Target t : in.targets()) {
      Set<ProviderExclusion.Reason> why = acc.exclusionsOf(t);
      if (why == null) {
        eligible.add(t);
        acc.obligations.addAll(acc.obligationsOf(t));
      } else {
        exclusions.add(new ProviderExclusion(t.provider(), t.model(), List.copyOf(why)));
      }
    }
    List<String> ruleIds = List.copyOf(acc.ruleIds);
    if (!acc.blocks.isEmpty()) return blocked(acc.blocks.get(0), ruleIds, exclusions, acc.alert);
    if (eligible.isEmpty())
      return blocked(noTarget(in, exclusions), ruleIds, exclusions, acc.alert);
    Decision d =
        eligible.size() < in.targets().size()
            ? Decision.ROUTE
            : hasObligationBesidesAudit(acc.obligations) ? Decision.ALLOW_WITH : Decision.ALLOW;
    return new PolicyDecision(
        d,
        eligible,
        acc.obligations,
        acc.refrains,
        ruleIds,
        null,
        null,
        "",
        acc.notices(),
        acc.alert,
        exclusions,
        policyHash);
  }

  private static boolean hasObligationBesidesAudit(Set<Obligation> obligations) {
    for (Obligation o : obligations) if (o != Obligation.AUDTR) return true;
    return false;
  }

  private Facts facts(ComplianceTags tags, PolicyInput in) {
    return new Facts(
        tags,
        tags.expandedSensitivity(),
        tags.residency().orElse(defaultResidency),
        in.modalities(),
        in.detectorFindings(),
        in.today());
  }

  /** Applies one rule: a block, excluded targets, or added obligations and refrains. */
  private static void apply(Rule rule, Facts f, PolicyInput in, Acc acc) {
    List<Target> applies = applicable(rule, f, in);
    if (applies.isEmpty()) return;
    acc.ruleIds.add(rule.id());
    acc.alert |= rule.alert(); // a refused request is still an alert when its rule says so
    boolean whole = !rule.when().targetDependent();
    Refusal refusal =
        rule.block()
            ? new Refusal(
                rule.error() != null ? rule.error() : Code.POLICY_BLOCK,
                rule.id(),
                "rule " + rule.id() + " blocks this request")
            : requestCheck(rule, f);
    if (refusal != null) {
      if (whole) {
        if (!acc.blocks.contains(refusal)) acc.blocks.add(refusal);
      } else {
        applies.forEach(t -> acc.exclude(t, refusal.code(), refusal.ruleId(), refusal.hint()));
      }
      return;
    }
    if (rule.provider() != null) {
      for (Target t : applies) {
        ProviderProfile profile = in.profileOf(t);
        for (Requirement.Check c : rule.provider().failures(f, profile)) {
          acc.exclude(t, c.codeFor(profile), rule.id(), "needs " + c.describe());
        }
      }
    }
    if (whole) acc.obligations.addAll(rule.obligations());
    else for (Target t : applies) acc.oblige(t, rule.obligations());
    acc.refrains.addAll(rule.refrains());
    if (rule.outputNotice() != null) acc.notice(rule.outputNotice());
  }

  private static List<Target> applicable(Rule rule, Facts f, PolicyInput in) {
    if (!rule.when().targetDependent()) {
      return rule.when().matches(f, ProviderProfile.UNDECLARED) ? in.targets() : List.of();
    }
    List<Target> out = new ArrayList<>();
    for (Target t : in.targets()) {
      if (rule.when().matches(f, in.profileOf(t))) out.add(t);
    }
    return out;
  }

  /** The first request-level requirement of the rule that fails, or null. */
  private static Refusal requestCheck(Rule rule, Facts f) {
    ComplianceTags tags = f.tags();
    String id = rule.id();
    if (!rule.dataClasses().isEmpty() && !rule.dataClasses().contains(tags.dataClass())) {
      Code c =
          rule.dataClasses().equals(Set.of(DataClass.SYNTHETIC))
              ? Code.SYNTHETIC_REQUIRED
              : Code.POLICY_BLOCK;
      return refusal(rule, c, "rule " + id + " allows only data classes " + rule.dataClasses());
    }
    if (rule.noFindings() && f.findings() > 0) {
      return refusal(
          rule,
          Code.POLICY_BLOCK,
          "rule " + id + " allows no identifiers, and the detector found " + f.findings());
    }
    if (rule.duaId() && tags.dataClass() == DataClass.LIMITED_DATA_SET && tags.duaId().isEmpty()) {
      return refusal(
          rule, Code.DUA_REQUIRED, "a limited data set needs its data use agreement id (duaId)");
    }
    if (!rule.purposes().isEmpty()
        && !tags.purpose().map(p -> Condition.isAnyOf(p, rule.purposes())).orElse(false)) {
      return refusal(
          rule,
          Code.PURPOSE_NOT_ALLOWED,
          "rule " + id + " allows only purposes " + rule.purposes());
    }
    if (rule.breakGlassReason() && tags.breakGlassReason().isEmpty()) {
      return refusal(
          rule, Code.BREAK_GLASS_REASON_REQUIRED, "emergency access needs a break-glass reason");
    }
    if (rule.consentUnlessPurpose() != null
        && tags.consentRef().isEmpty()
        && !tags.purpose()
            .map(p -> Condition.isAnyOf(p, rule.consentUnlessPurpose()))
            .orElse(false)) {
      return refusal(
          rule,
          Code.CONSENT_REQUIRED,
          "rule " + id + " needs a consent reference for this purpose");
    }
    return null;
  }

  private static Refusal refusal(Rule rule, Code byDefault, String hint) {
    return new Refusal(rule.error() != null ? rule.error() : byDefault, rule.id(), hint);
  }

  /** What every profile enforces without a rule: its confidentiality ceiling and modalities. */
  private static void builtIn(Facts f, PolicyInput in, Acc acc) {
    for (Target t : in.targets()) {
      ProviderProfile p = in.profileOf(t);
      if (!p.maxConfidentiality().atLeast(f.tags().confidentiality())) {
        acc.exclude(
            t,
            Code.CONFIDENTIALITY_CEILING,
            "profile",
            "may receive at most confidentiality " + p.maxConfidentiality());
      }
      if (!p.modalities().containsAll(f.modalities())) {
        acc.exclude(
            t,
            Code.MODALITY_NOT_COVERED,
            "profile",
            "is approved only for " + new java.util.TreeSet<>(p.modalities()));
      }
    }
  }

  private static Refusal noTarget(PolicyInput in, List<ProviderExclusion> exclusions) {
    List<String> hints = new ArrayList<>();
    for (ProviderExclusion x : exclusions) hints.add(x.label() + ": " + x.codes());
    if (in.pinned().isPresent()) {
      return new Refusal(
          Code.PINNED_PROVIDER_INELIGIBLE,
          "defaults",
          "the pinned provider is not eligible and is never swapped: " + String.join("; ", hints));
    }
    return new Refusal(
        Code.NO_ELIGIBLE_PROVIDER,
        "defaults",
        "no target is eligible: " + String.join("; ", hints));
  }

  private PolicyDecision blocked(
      Refusal r, List<String> ruleIds, List<ProviderExclusion> exclusions, boolean alert) {
    List<String> ids = new ArrayList<>(ruleIds);
    if (!ids.contains(r.ruleId())) ids.add(0, r.ruleId());
    return new PolicyDecision(
        Decision.BLOCK,
        List.of(),
        Set.of(),
        Set.of(),
        ids,
        r.code(),
        r.ruleId(),
        r.hint(),
        Set.of(),
        alert,
        exclusions,
        policyHash);
  }
}
