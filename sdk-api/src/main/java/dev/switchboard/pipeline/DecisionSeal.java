package dev.switchboard.pipeline;

/**
 * Holds the stages after the compliance decision to it, the way OkHttp's chain checks what network
 * interceptors do: the pipeline's chain calls {@link #admit} on every call a later stage passes on,
 * and {@link #beforeProvider} just before the provider is called. The compliance stage puts its
 * seal in the call's attributes under {@link #KEY} before it proceeds; from then on the chain keeps
 * the seal itself, so a later stage cannot remove or replace it. Implementations throw a {@link
 * dev.switchboard.error.ComplianceViolationException} (code {@code DECISION_BYPASSED}) and record
 * the attempt in the audit trail.
 *
 * @since 0.1
 */
public interface DecisionSeal {
  /** Where the compliance stage leaves its seal for the chain to take. */
  AttributeKey<DecisionSeal> KEY = AttributeKey.of("switchboard.decision-seal", DecisionSeal.class);

  /**
   * Checks a call a stage after the decision passes on: its route may be narrower than the decided
   * one, never wider, and its request may not carry text the transformation removed.
   *
   * @throws dev.switchboard.error.ComplianceViolationException if it does either
   */
  void admit(Call call);

  /**
   * Checks that the attempt's target is eligible under the decision, and returns the call as it may
   * go to that provider (for example with the end-user id as that provider's profile asks).
   *
   * @throws dev.switchboard.error.ComplianceViolationException if the target is not eligible
   */
  Call beforeProvider(Call call);
}
