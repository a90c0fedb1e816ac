package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.DataClass;
import dev.switchboard.compliance.Obligation;
import dev.switchboard.compliance.PurposeOfUse;
import dev.switchboard.compliance.Refrain;
import dev.switchboard.error.ComplianceViolationException.Code;
import java.util.Set;

/**
 * One policy rule.
 *
 * @param id unique id, recorded in decisions and audit records
 * @param when when the rule applies
 * @param block true for {@code decision: BLOCK}
 * @param error the code a failure of this rule reports, or null for the default per check
 * @param provider the provider requirement, or null
 * @param consentUnlessPurpose consent is required unless the purpose is one of these; null: no
 *     requirement
 * @param breakGlassReason a break-glass reason is required
 * @param dataClasses the data class must be one of these; empty: any
 * @param noFindings the detector must find nothing
 * @param duaId a limited data set must name its DUA
 * @param purposes the purpose must be one of these (or below); empty: any
 * @param obligations obligations added when the rule applies
 * @param refrains refrains added when the rule applies
 * @param outputNotice a notice to go with the answer, or null
 * @param alert an alert-severity audit record
 */
record Rule(
    String id,
    Condition when,
    boolean block,
    Code error,
    Requirement provider,
    Set<PurposeOfUse> consentUnlessPurpose,
    boolean breakGlassReason,
    Set<DataClass> dataClasses,
    boolean noFindings,
    boolean duaId,
    Set<PurposeOfUse> purposes,
    Set<Obligation> obligations,
    Set<Refrain> refrains,
    String outputNotice,
    boolean alert) {}
