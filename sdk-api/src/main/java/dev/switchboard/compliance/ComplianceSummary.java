package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What compliance did for one call, attached to its response: the decision and the rules behind it,
 * the targets that were eligible, the transformations applied to the request, how many identifiers
 * of each type were found, what happened when pseudonyms were restored, warnings about the answer,
 * and the audit record that documents the decision. Holds counts and codes, never content.
 *
 * @param decision the policy's decision
 * @param ruleIds the rules that matched
 * @param eligibleProviders the providers the call was allowed to reach
 * @param transformations what was done to the request, such as {@code PSEUD} or {@code
 *     REDACT:TYPE_MASK}
 * @param findingCounts identifiers found in the request, by type
 * @param restoredTokens pseudonyms restored in the answer
 * @param unknownTokens tokens in the answer that the vault never issued (invented by the model)
 * @param newIdentifiers identifiers in the answer that were not in the request
 * @param warnings {@code RESTORE_UNKNOWN_TOKEN}, {@code OUTPUT_NEW_IDENTIFIER}
 * @param notices notices that must go with the answer, such as {@code part2-redisclosure}
 * @param labels labels of the output: {@code AIAST} (asserted by AI)
 * @param auditEventId the audit record of the decision, if an audit trail is configured
 * @param policyHash the SHA-256 of the policy that decided
 * @param unknownTokenTypes the types ({@code NAME}, {@code SSN}...) of the pseudonym-shaped tokens
 *     in the answer that were never issued in this call; they are left as they are, never restored
 *     or guessed
 * @since 0.1
 */
public record ComplianceSummary(
    Decision decision,
    List<String> ruleIds,
    List<String> eligibleProviders,
    List<String> transformations,
    Map<String, Integer> findingCounts,
    int restoredTokens,
    int unknownTokens,
    int newIdentifiers,
    List<String> warnings,
    Set<String> notices,
    Set<String> labels,
    String auditEventId,
    String policyHash,
    Set<String> unknownTokenTypes) {
  public ComplianceSummary {
    Checks.notNull(decision, "ComplianceSummary.decision");
    ruleIds = Checks.listCopy(ruleIds, "ComplianceSummary.ruleIds");
    eligibleProviders = Checks.listCopy(eligibleProviders, "ComplianceSummary.eligibleProviders");
    transformations = Checks.listCopy(transformations, "ComplianceSummary.transformations");
    findingCounts = Checks.mapCopy(findingCounts, "ComplianceSummary.findingCounts");
    warnings = Checks.listCopy(warnings, "ComplianceSummary.warnings");
    notices = Set.copyOf(notices);
    labels = Set.copyOf(labels);
    unknownTokenTypes = unknownTokenTypes == null ? Set.of() : Set.copyOf(unknownTokenTypes);
  }

  /** The audit record of the decision. */
  public Optional<String> auditEvent() {
    return Optional.ofNullable(auditEventId);
  }

  /** A copy with the answer's restore counts and warnings. */
  public ComplianceSummary withOutput(
      int restored, int unknown, int newIds, List<String> outputWarnings) {
    return new ComplianceSummary(
        decision,
        ruleIds,
        eligibleProviders,
        transformations,
        findingCounts,
        restored,
        unknown,
        newIds,
        outputWarnings,
        notices,
        labels,
        auditEventId,
        policyHash,
        unknownTokenTypes);
  }
}
