package dev.switchboard.compliance.policy;

import dev.switchboard.Target;
import dev.switchboard.compliance.Decision;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.ProviderExclusion;
import dev.switchboard.compliance.Refrain;
import dev.switchboard.error.ComplianceViolationException;
import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of evaluating the policy for one call. Immutable.
 *
 * @param decision allow, allow with obligations, route to the eligible targets, or block
 * @param eligible the targets the call may reach, in route order; empty when blocked
 * @param obligations what must be done to the data before it leaves
 * @param refrains what the recipient must not do
 * @param ruleIds the rules that matched, in policy order
 * @param blockCode why the call is blocked, or null
 * @param blockingRule the rule that blocked, or null
 * @param hint what would make a blocked call acceptable (no request content), or ""
 * @param notices notices that must go with the answer, such as {@code part2-redisclosure}
 * @param alert true if a matching rule asks for an alert-severity audit record
 * @param exclusions every excluded target with every reason it failed
 * @param policyHash the SHA-256 of the policy
 * @since 0.1
 */
public record PolicyDecision(
    Decision decision,
    List<Target> eligible,
    Set<Obligation> obligations,
    Set<Refrain> refrains,
    List<String> ruleIds,
    ComplianceViolationException.@Nullable Code blockCode,
    @Nullable String blockingRule,
    String hint,
    Set<String> notices,
    boolean alert,
    List<ProviderExclusion> exclusions,
    String policyHash) {
  public PolicyDecision {
    Checks.notNull(decision, "PolicyDecision.decision");
    eligible = Checks.listCopy(eligible, "PolicyDecision.eligible");
    obligations = Set.copyOf(obligations);
    refrains = Set.copyOf(refrains);
    ruleIds = Checks.listCopy(ruleIds, "PolicyDecision.ruleIds");
    Checks.check(
        (decision == Decision.BLOCK) == (blockCode != null),
        "PolicyDecision.blockCode",
        "is set exactly when the decision is BLOCK");
    hint = hint == null ? "" : hint;
    notices = Set.copyOf(notices);
    exclusions = Checks.listCopy(exclusions, "PolicyDecision.exclusions");
  }

  public boolean blocked() {
    return decision == Decision.BLOCK;
  }

  public Optional<ComplianceViolationException.Code> code() {
    return Optional.ofNullable(blockCode);
  }

  /** The exception a blocked call throws, naming the audit record that documents it. */
  public ComplianceViolationException toException(String auditEventId) {
    if (!blocked()) throw new IllegalStateException("the decision is " + decision + ", not BLOCK");
    return new ComplianceViolationException(
        blockCode, blockingRule, policyHash, auditEventId, hint, exclusions, null);
  }
}
