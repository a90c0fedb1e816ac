package dev.switchboard.compliance;

import dev.switchboard.error.ComplianceViolationException.Code;
import dev.switchboard.spi.Checks;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Why the policy excluded one target of a route: every check it failed, not only the first, each
 * with its stable code and the rule behind it ({@code profile} for what every profile enforces: the
 * confidentiality ceiling and approved modalities). Holds codes and profile facts, never request
 * content. Immutable.
 *
 * @param provider the configured provider id
 * @param model the target's model or deployment name
 * @param reasons every failed check, in policy order
 * @since 0.1
 */
public record ProviderExclusion(String provider, String model, List<Reason> reasons) {
  /**
   * One failed check.
   *
   * @param code the stable code, such as {@code BAA_EXPIRED} or {@code RESIDENCY_VIOLATION}
   * @param ruleId the rule that required it, or {@code profile}
   * @param detail what was required, in words (no request content), such as {@code a BAA in force}
   */
  public record Reason(Code code, String ruleId, String detail) {
    public Reason {
      Checks.notNull(code, "Reason.code");
      Checks.notBlank(ruleId, "Reason.ruleId");
      detail = detail == null ? "" : detail;
    }
  }

  public ProviderExclusion {
    Checks.notBlank(provider, "ProviderExclusion.provider");
    Checks.notBlank(model, "ProviderExclusion.model");
    reasons = Checks.listCopy(reasons, "ProviderExclusion.reasons");
    Checks.check(!reasons.isEmpty(), "ProviderExclusion.reasons", "must hold at least one reason");
  }

  /** {@code provider/model}, as in route labels. */
  public String label() {
    return provider + "/" + model;
  }

  /** The distinct codes, in the order first failed. */
  public List<Code> codes() {
    Set<Code> out = new LinkedHashSet<>();
    for (Reason r : reasons) out.add(r.code());
    return List.copyOf(out);
  }

  /** The distinct rules behind the reasons, in order. */
  public List<String> ruleIds() {
    Set<String> out = new LinkedHashSet<>();
    for (Reason r : reasons) out.add(r.ruleId());
    return List.copyOf(out);
  }
}
