package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.PurposeOfUse;
import java.util.Collection;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A rule's {@code when}: a test of the request's facts and, for {@code providerKind}, of the
 * target's profile. A condition that never looks at the profile is the same for every target.
 */
final class Condition {
  static final Condition ALWAYS = new Condition((f, p) -> true, false);

  private final BiPredicate<Facts, ProviderProfile> test;
  private final boolean targetDependent;

  Condition(BiPredicate<Facts, ProviderProfile> test, boolean targetDependent) {
    this.test = test;
    this.targetDependent = targetDependent;
  }

  boolean matches(Facts facts, ProviderProfile profile) {
    return test.test(facts, profile);
  }

  /** True if the result depends on the target's profile. */
  boolean targetDependent() {
    return targetDependent;
  }

  static Condition all(List<Condition> parts) {
    if (parts.isEmpty()) return ALWAYS;
    if (parts.size() == 1) return parts.get(0);
    Condition[] copy = parts.toArray(new Condition[0]);
    return new Condition(
        (f, p) -> {
          for (Condition c : copy) if (!c.matches(f, p)) return false;
          return true;
        },
        anyTargetDependent(copy));
  }

  static Condition any(List<Condition> parts) {
    Condition[] copy = parts.toArray(new Condition[0]);
    return new Condition(
        (f, p) -> {
          for (Condition c : copy) if (c.matches(f, p)) return true;
          return false;
        },
        anyTargetDependent(copy));
  }

  private static boolean anyTargetDependent(Condition[] parts) {
    for (Condition c : parts) if (c.targetDependent) return true;
    return false;
  }

  // Loops instead of streams: conditions run on every call, and a stream per test allocates.

  /**
   * True if any of {@code allowed} is in {@code values}: walks the rule's own array rather than an
   * iterator over the request's set.
   */
  static boolean anyOf(Collection<?> values, Object[] allowed) {
    for (Object a : allowed) if (values.contains(a)) return true;
    return false;
  }

  /** True if {@code purpose} is one of {@code allowed} or a kind of one. */
  static boolean isAnyOf(PurposeOfUse purpose, PurposeOfUse[] allowed) {
    for (PurposeOfUse a : allowed) if (purpose.isA(a)) return true;
    return false;
  }

  /** True if {@code purpose} is one of {@code allowed} or a kind of one. */
  static boolean isAnyOf(PurposeOfUse purpose, Collection<PurposeOfUse> allowed) {
    for (PurposeOfUse a : allowed) if (purpose.isA(a)) return true;
    return false;
  }

  static Condition not(Condition c) {
    return new Condition((f, p) -> !c.matches(f, p), c.targetDependent);
  }
}
