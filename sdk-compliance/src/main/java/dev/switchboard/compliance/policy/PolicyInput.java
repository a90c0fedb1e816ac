package dev.switchboard.compliance.policy;

import dev.switchboard.Target;
import dev.switchboard.compliance.ComplianceTags;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.spi.Checks;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What the policy decides on: the request's effective tags (declared, raised by detection), what
 * kinds of content it carries, the route's targets with their providers' profiles, the pinned
 * provider and the detector's finding count.
 *
 * @param tags the effective tags
 * @param modalities what the request carries (text, images, embedding input)
 * @param targets the route's targets in order
 * @param profiles provider profiles by provider id; a missing one counts as undeclared
 * @param pinnedProvider the provider the caller pinned, or null
 * @param detectorFindings how many identifiers the detector found in the request
 * @param today the date for BAA expiry
 * @param declaredTags the tags as the request declared them; when detection raised them, the rules
 *     are applied to both and the stricter outcome holds
 * @since 0.1
 */
public record PolicyInput(
    ComplianceTags tags,
    Set<Modality> modalities,
    List<Target> targets,
    Map<String, ProviderProfile> profiles,
    @Nullable String pinnedProvider,
    int detectorFindings,
    LocalDate today,
    ComplianceTags declaredTags) {
  /** An input whose declared tags are its effective tags (nothing was raised). */
  public PolicyInput(
      ComplianceTags tags,
      Set<Modality> modalities,
      List<Target> targets,
      Map<String, ProviderProfile> profiles,
      @Nullable String pinnedProvider,
      int detectorFindings,
      LocalDate today) {
    this(tags, modalities, targets, profiles, pinnedProvider, detectorFindings, today, tags);
  }

  public PolicyInput {
    Checks.notNull(tags, "PolicyInput.tags");
    modalities = Set.copyOf(Checks.notNull(modalities, "PolicyInput.modalities"));
    targets = Checks.listCopy(targets, "PolicyInput.targets");
    profiles = Map.copyOf(Checks.notNull(profiles, "PolicyInput.profiles"));
    Checks.check(detectorFindings >= 0, "PolicyInput.detectorFindings", "must not be negative");
    Checks.notNull(today, "PolicyInput.today");
    Checks.notNull(declaredTags, "PolicyInput.declaredTags");
  }

  /** True if detection raised the declared tags. */
  public boolean raised() {
    return !declaredTags.equals(tags);
  }

  /** The profile of a target's provider, {@link ProviderProfile#UNDECLARED} if none. */
  public ProviderProfile profileOf(Target target) {
    return profiles.getOrDefault(target.provider(), ProviderProfile.UNDECLARED);
  }

  public Optional<String> pinned() {
    return Optional.ofNullable(pinnedProvider);
  }
}
