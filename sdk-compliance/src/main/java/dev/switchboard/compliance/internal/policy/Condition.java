package dev.switchboard.compliance.internal.policy;

import dev.switchboard.compliance.ProviderProfile;
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
    List<Condition> copy = List.copyOf(parts);
    return new Condition(
        (f, p) -> copy.stream().allMatch(c -> c.matches(f, p)),
        copy.stream().anyMatch(Condition::targetDependent));
  }

  static Condition any(List<Condition> parts) {
    List<Condition> copy = List.copyOf(parts);
    return new Condition(
        (f, p) -> copy.stream().anyMatch(c -> c.matches(f, p)),
        copy.stream().anyMatch(Condition::targetDependent));
  }

  static Condition not(Condition c) {
    return new Condition((f, p) -> !c.matches(f, p), c.targetDependent);
  }
}
