package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.error.ComplianceViolationException.Code;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A rule's {@code require.provider}: alternatives ({@code anyOf}), each a list of checks that must
 * all pass. A target passes if any alternative passes.
 */
final class Requirement {
  /**
   * One check of a profile, with the code and words used when it fails. A {@code kind} check tests
   * what the provider is rather than what it offers.
   */
  record Check(Code code, String describe, BiPredicate<Facts, ProviderProfile> ok, boolean kind) {
    Check(Code code, String describe, BiPredicate<Facts, ProviderProfile> ok) {
      this(code, describe, ok, false);
    }

    /**
     * The code of this failed check for the profile: a BAA that exists but has expired is {@code
     * BAA_EXPIRED}, told apart from having none.
     */
    Code codeFor(ProviderProfile p) {
      return code == Code.BAA_REQUIRED && p.baa().isPresent() ? Code.BAA_EXPIRED : code;
    }
  }

  private final List<List<Check>> alternatives;

  Requirement(List<List<Check>> alternatives) {
    this.alternatives = List.copyOf(alternatives);
  }

  /**
   * The failed checks of the closest alternative; empty if the profile passes. The closest is the
   * one whose kind matches the provider (a global cloud deployment is judged against the cloud
   * alternative, not the on-prem one), then the one with the fewest failures, then the first.
   */
  List<Check> failures(Facts facts, ProviderProfile profile) {
    List<Check> best = null;
    // By index, and a list only for failures: every target of every call passes here.
    for (int a = 0, n = alternatives.size(); a < n; a++) {
      List<Check> alternative = alternatives.get(a);
      List<Check> failed = null;
      for (int i = 0, m = alternative.size(); i < m; i++) {
        Check c = alternative.get(i);
        if (!c.ok().test(facts, profile)) {
          if (failed == null) failed = new ArrayList<>();
          failed.add(c);
        }
      }
      if (failed == null) return List.of();
      if (best == null || rank(failed) < rank(best)) best = failed;
    }
    return best == null ? List.of() : best;
  }

  private static int rank(List<Check> failed) {
    int r = failed.size();
    for (Check c : failed) {
      if (c.kind()) r += 1000;
    }
    return r;
  }
}
