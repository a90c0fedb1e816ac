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
 * @param excludedProviders every target the policy excluded, each with every reason
 * @param obligations what the policy (and the declared tags) required before the data left
 * @param enforcedObligations the obligations the SDK itself carried out (transformations, the audit
 *     trail); the others, such as {@code HUAPRV}, are the application's to honour
 * @param refrains what the recipient must not do, such as {@code NORDSCLCD}
 * @param declaredTags the tags as the request declared them
 * @param effectiveTags the tags the policy decided on (declared, raised by detection)
 * @param raisedTags each tag detection raised, with why
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
    List<ProviderExclusion> excludedProviders,
    Set<String> obligations,
    Set<String> enforcedObligations,
    Set<String> refrains,
    TagView declaredTags,
    TagView effectiveTags,
    List<Raise> raisedTags,
    Set<String> unknownTokenTypes) {
  /**
   * The classifying part of a set of tags: codes only, no references, reasons or identifiers.
   *
   * @param dataClass the data class code, such as {@code PHI} or {@code LDS}
   * @param confidentiality the HL7 confidentiality code
   * @param sensitivity HL7 sensitivity codes
   * @param privacyLaw HL7 privacy-law codes
   */
  public record TagView(
      String dataClass, String confidentiality, Set<String> sensitivity, Set<String> privacyLaw) {
    /** The view with nothing declared. */
    public static final TagView NONE = new TagView("", "", Set.of(), Set.of());

    public TagView {
      dataClass = dataClass == null ? "" : dataClass;
      confidentiality = confidentiality == null ? "" : confidentiality;
      sensitivity = Set.copyOf(sensitivity);
      privacyLaw = Set.copyOf(privacyLaw);
    }

    /** The view of a set of tags. */
    public static TagView of(ComplianceTags t) {
      return new TagView(
          t.dataClass().code(), t.confidentiality().name(), t.sensitivity(), t.privacyLaw());
    }
  }

  /**
   * One tag detection raised.
   *
   * @param tag which tag: {@code dataClass}, {@code sensitivity} or {@code confidentiality}
   * @param value the value in force, such as {@code PHI} or {@code HIV}
   * @param reason why, such as {@code finding:SSN} (an identifier type the detector found) or
   *     {@code lexicon:HIV} (a sensitivity lexicon hit); codes only, never the text found
   */
  public record Raise(String tag, String value, String reason) {
    public Raise {
      Checks.notBlank(tag, "Raise.tag");
      Checks.notBlank(value, "Raise.value");
      Checks.notBlank(reason, "Raise.reason");
    }
  }

  /** A summary without the decision's explanation (exclusions, obligations, tags). */
  public ComplianceSummary(
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
      String policyHash) {
    this(
        decision,
        ruleIds,
        eligibleProviders,
        transformations,
        findingCounts,
        restoredTokens,
        unknownTokens,
        newIdentifiers,
        warnings,
        notices,
        labels,
        auditEventId,
        policyHash,
        List.of(),
        Set.of(),
        Set.of(),
        Set.of(),
        TagView.NONE,
        TagView.NONE,
        List.of(),
        Set.of());
  }

  public ComplianceSummary {
    Checks.notNull(decision, "ComplianceSummary.decision");
    ruleIds = Checks.listCopy(ruleIds, "ComplianceSummary.ruleIds");
    eligibleProviders = Checks.listCopy(eligibleProviders, "ComplianceSummary.eligibleProviders");
    transformations = Checks.listCopy(transformations, "ComplianceSummary.transformations");
    findingCounts = Checks.mapCopy(findingCounts, "ComplianceSummary.findingCounts");
    warnings = Checks.listCopy(warnings, "ComplianceSummary.warnings");
    notices = Set.copyOf(notices);
    labels = Set.copyOf(labels);
    excludedProviders = Checks.listCopy(excludedProviders, "ComplianceSummary.excludedProviders");
    obligations = Set.copyOf(obligations);
    enforcedObligations = Set.copyOf(enforcedObligations);
    refrains = Set.copyOf(refrains);
    declaredTags = declaredTags == null ? TagView.NONE : declaredTags;
    effectiveTags = effectiveTags == null ? TagView.NONE : effectiveTags;
    raisedTags = Checks.listCopy(raisedTags, "ComplianceSummary.raisedTags");
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
        excludedProviders,
        obligations,
        enforcedObligations,
        refrains,
        declaredTags,
        effectiveTags,
        raisedTags,
        unknownTokenTypes);
  }
}
