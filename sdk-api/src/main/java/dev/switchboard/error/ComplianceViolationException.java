package dev.switchboard.error;

import dev.switchboard.compliance.ProviderExclusion;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The compliance policy refused a call, before any byte left the process. Not retryable: the same
 * request would be refused again. Carries a stable {@link Code}, the rule that decided, the
 * policy's hash and the id of the audit record that documents the refusal. The message holds no
 * request content and no tag values beyond the code.
 *
 * <pre>{@code
 * try {
 *   client.chat(request);
 * } catch (ComplianceViolationException e) {
 *   show(e.code() + " (rule " + e.ruleId() + ", audit " + e.auditEventId().orElse("-") + ")");
 * }
 * }</pre>
 *
 * @since 0.1
 */
public class ComplianceViolationException extends SwitchboardException {
  private static final long serialVersionUID = 1L;

  /** Why a call was refused. Stable: applications may switch on these. */
  public enum Code {
    /** No target of the route satisfies every rule. */
    NO_ELIGIBLE_PROVIDER,
    /** The data needs a provider with a business associate agreement in force. */
    BAA_REQUIRED,
    /** The data needs a qualified service organization agreement (42 CFR Part 2). */
    QSOA_REQUIRED,
    /** The provider the caller pinned is not eligible; it is never swapped silently. */
    PINNED_PROVIDER_INELIGIBLE,
    /** The eligible providers process outside the data's residency. */
    RESIDENCY_VIOLATION,
    /** No eligible provider (or BAA) covers the request's modality, such as images. */
    MODALITY_NOT_COVERED,
    /** The use needs a patient consent reference. */
    CONSENT_REQUIRED,
    /** A limited data set needs its data use agreement id. */
    DUA_REQUIRED,
    /** Emergency access needs a break-glass reason. */
    BREAK_GLASS_REASON_REQUIRED,
    /** Psychotherapy notes never go to a model. */
    PSYCHOTHERAPY_NOTES_EXCLUDED,
    /** Training on PHI or a limited data set needs de-identified data. */
    TRAINING_REQUIRES_DEID,
    /** Tests and development take synthetic data only. */
    SYNTHETIC_REQUIRED,
    /** The purpose of use is not allowed for this data. */
    PURPOSE_NOT_ALLOWED,
    /**
     * The request declares no data class or no purpose of use; the policy's default is to block.
     */
    TAGS_MISSING,
    /** A rule blocks the request. */
    POLICY_BLOCK,
    /**
     * The request holds content the required transformation cannot handle (such as images under
     * redaction).
     */
    TRANSFORMATION_UNSUPPORTED,
    /** The audit record could not be written, so the call was not made (fail closed). */
    AUDIT_UNAVAILABLE,
    /** Per provider: its BAA expired; distinct from {@link #BAA_REQUIRED} (no BAA at all). */
    BAA_EXPIRED,
    /** Per provider: its BAA does not cover this kind of content (such as images). */
    BAA_SCOPE,
    /** Per provider: its deployment type (such as GLOBAL) is not one the rule allows. */
    DEPLOYMENT_NOT_ALLOWED,
    /** Per provider: the vendor's staff may review prompts, or nobody knows whether they may. */
    HUMAN_REVIEW,
    /**
     * Per provider: the vendor keeps prompts for abuse monitoring longer than allowed, or unknown.
     */
    ABUSE_MONITORING_RETENTION,
    /** Per provider: the vendor may train on the data. */
    TRAINS_ON_DATA,
    /** Per provider: it runs in an environment (test or production) the rule does not allow. */
    ENVIRONMENT,
    /** Per provider: it is not of a kind the rule allows (for example not on-prem). */
    KIND_NOT_ALLOWED,
    /** Per provider: the data's confidentiality is above the provider's ceiling. */
    CONFIDENTIALITY_CEILING,
    /**
     * A stage after the compliance decision tried to widen the route, to send text the
     * transformation removed, or to call a target the decision excluded.
     */
    DECISION_BYPASSED
  }

  private final Code code;
  private final String ruleId;
  private final String policyHash;
  private final String auditEventId;
  private final String hint;
  private final List<ProviderExclusion> exclusions;

  /**
   * @param code the stable reason
   * @param ruleId the rule that decided ({@code defaults} for the default decision)
   * @param policyHash the SHA-256 of the policy that decided, or null without a policy
   * @param auditEventId the audit record documenting the refusal, or null if none could be written
   * @param hint what would make the call acceptable; no request content
   * @param cause the underlying failure (for AUDIT_UNAVAILABLE), or null
   */
  public ComplianceViolationException(
      Code code,
      String ruleId,
      @Nullable String policyHash,
      @Nullable String auditEventId,
      String hint,
      @Nullable Throwable cause) {
    this(code, ruleId, policyHash, auditEventId, hint, List.of(), cause);
  }

  /**
   * @param code the stable reason
   * @param ruleId the rule that decided ({@code defaults} for the default decision)
   * @param policyHash the SHA-256 of the policy that decided, or null without a policy
   * @param auditEventId the audit record documenting the refusal, or null if none could be written
   * @param hint what would make the call acceptable; no request content
   * @param exclusions every provider the policy excluded, with every reason
   * @param cause the underlying failure (for AUDIT_UNAVAILABLE), or null
   */
  public ComplianceViolationException(
      Code code,
      String ruleId,
      @Nullable String policyHash,
      @Nullable String auditEventId,
      String hint,
      List<ProviderExclusion> exclusions,
      @Nullable Throwable cause) {
    super(describe(code, ruleId, auditEventId, hint), ErrorContext.NONE, cause);
    this.code = code;
    this.ruleId = ruleId;
    this.policyHash = policyHash;
    this.auditEventId = auditEventId;
    this.hint = hint;
    this.exclusions = List.copyOf(exclusions);
  }

  private static String describe(Code code, String ruleId, String auditEventId, String hint) {
    return "refused by the compliance policy: "
        + code
        + " (rule "
        + ruleId
        + (auditEventId == null ? "" : ", audit event " + auditEventId)
        + ")"
        + (hint == null || hint.isEmpty() ? "" : ": " + hint);
  }

  /** The stable reason. */
  public Code code() {
    return code;
  }

  /** The id of the rule that decided. */
  public String ruleId() {
    return ruleId;
  }

  /** The SHA-256 (hex) of the policy that decided. */
  public Optional<String> policyHash() {
    return Optional.ofNullable(policyHash);
  }

  /** The audit record that documents the refusal; empty if it could not be written. */
  public Optional<String> auditEventId() {
    return Optional.ofNullable(auditEventId);
  }

  /** What would make the call acceptable. */
  public String hint() {
    return hint == null ? "" : hint;
  }

  /**
   * Every provider of the route the policy excluded, each with every reason it failed (stable codes
   * and the rules behind them). Empty when the call was refused before providers were considered
   * (for example {@code TAGS_MISSING}).
   */
  public List<ProviderExclusion> exclusions() {
    return exclusions;
  }

  /** A copy naming the audit record that documents it. */
  public ComplianceViolationException withAuditEventId(String eventId) {
    ComplianceViolationException e =
        new ComplianceViolationException(
            code, ruleId, policyHash, eventId, hint, exclusions, getCause());
    e.setStackTrace(getStackTrace());
    return e;
  }

  @Override
  public boolean retryable() {
    return false;
  }
}
