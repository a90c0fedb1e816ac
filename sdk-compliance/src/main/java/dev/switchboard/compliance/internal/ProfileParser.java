package dev.switchboard.compliance.internal;

import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.Confidentiality;
import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.EndUserId;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderEnvironment;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import dev.switchboard.compliance.Residency;
import dev.switchboard.spi.ProviderSettings;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads the {@code profile:} section of a provider:
 *
 * <pre>
 * profile: { kind: CLOUD_DIRECT, deployment: DATAZONE_US, regions: [eastus, eastus2],
 *            baa: { ref: MSFT-BAA, scope: [TEXT], expires: 2027-12-31 },
 *            abuse-monitoring-days: 0, human-review: false, modalities: [TEXT, EMBEDDING],
 *            environment: prod, max-confidentiality: R, qsoa: false, trains-on-data: false }
 * profile: { kind: ON_PREM, country: US, region: MN }
 * </pre>
 *
 * <p>Kinds, deployments and modalities are spelt as the policy, the audit records, the exports and
 * the compliance summary spell them (the enum names: {@code CLOUD_DIRECT}, {@code ON_PREM}, {@code
 * DATAZONE_US}, {@code TEXT}, {@code EMBEDDING}, ...), so one name means one thing on every
 * surface. The older config spellings ({@code cloud}, {@code on-prem}, {@code datazone-us}, {@code
 * text}, any case, hyphen or underscore) are still accepted on input.
 *
 * <p>{@code human-review} and {@code abuse-monitoring-days} may be {@code unknown}, treated as the
 * strict case. {@code country} (ISO 3166, two letters) says where an on-prem provider runs, so
 * residency rules apply to it; {@code region} names its site.
 *
 * <pre>
 * </pre>
 *
 * Problems are reported with their path; nothing throws.
 */
public final class ProfileParser {
  // The canonical spellings, listed in problems: the enum names, as in policies and records.
  private static final String KINDS = "CLOUD_DIRECT, CLOUD_PARTNER, ON_PREM, MOCK";
  private static final String DEPLOYMENTS = "REGIONAL, DATAZONE_US, DATAZONE_EU, GLOBAL, LOCAL";
  private static final String MODALITIES = "TEXT, IMAGE, AUDIO, EMBEDDING";

  private ProfileParser() {}

  /**
   * The profile, or {@link ProviderProfile#UNDECLARED} after reporting that the kind is missing.
   */
  public static ProviderProfile parse(ProviderSettings p) {
    Optional<String> kindCode = p.string("kind");
    if (kindCode.isEmpty()) {
      p.problem("kind", "is required (" + KINDS + ")");
      return ProviderProfile.UNDECLARED;
    }
    Optional<ProviderKind> kind = ProviderKind.find(kindCode.get());
    if (kind.isEmpty() || kind.get() == ProviderKind.UNDECLARED) {
      p.problem("kind", "must be one of " + KINDS + " (also cloud, cloud-partner, on-prem, ...)");
      return ProviderProfile.UNDECLARED;
    }
    ProviderProfile.Builder b = ProviderProfile.builder(kind.get());
    p.string("deployment")
        .ifPresent(
            d ->
                DeploymentType.find(d)
                    .ifPresentOrElse(
                        b::deployment,
                        () ->
                            p.problem(
                                "deployment",
                                "must be one of " + DEPLOYMENTS + " (also datazone-us, ...)")));
    b.regions(p.stringList("regions"));
    p.string("geography")
        .ifPresent(
            g ->
                enumValue(Residency.class, g)
                    .ifPresentOrElse(
                        b::geography, () -> p.problem("geography", "must be us or eu")));
    p.section("baa").ifPresent(baa -> baa(baa).ifPresent(b::baa));
    p.bool("qsoa").ifPresent(b::qsoa);
    if (isUnknown(p, "abuse-monitoring-days")) b.abuseMonitoringUnknown();
    else
      p.integer("abuse-monitoring-days")
          .ifPresent(
              d -> {
                if (d < 0) p.problem("abuse-monitoring-days", "must not be negative");
                else b.abuseMonitoringDays(d);
              });
    if (isUnknown(p, "human-review")) b.humanReviewUnknown();
    else p.bool("human-review").ifPresent(b::humanReview);
    p.string("country")
        .ifPresent(
            c -> {
              if (c.trim().matches("[A-Za-z]{2}")) b.country(c.trim());
              else p.problem("country", "must be an ISO 3166 two-letter code such as US or DE");
            });
    p.string("region").ifPresent(r -> b.region(r.trim()));
    p.string("end-user-id")
        .ifPresent(
            v ->
                enumValue(EndUserId.class, v)
                    .ifPresentOrElse(
                        b::endUserId,
                        () -> p.problem("end-user-id", "must be pseudonym, raw or omit")));
    p.bool("trains-on-data").ifPresent(b::trainsOnData);
    b.modalities(modalities(p, "modalities").toArray(Modality[]::new));
    p.string("environment")
        .ifPresent(
            e ->
                enumValue(ProviderEnvironment.class, e)
                    .ifPresentOrElse(
                        b::environment, () -> p.problem("environment", "must be prod or test")));
    p.string("max-confidentiality")
        .ifPresent(
            c ->
                enumValue(Confidentiality.class, c)
                    .ifPresentOrElse(
                        b::maxConfidentiality,
                        () -> p.problem("max-confidentiality", "must be one of U, L, M, N, R, V")));
    checkRegions(p, kind.get(), b.build());
    return b.build();
  }

  private static void checkRegions(ProviderSettings p, ProviderKind kind, ProviderProfile profile) {
    if (profile.deployment() != DeploymentType.REGIONAL || !kind.isCloud() || p.has("geography"))
      return;
    if (profile.regions().isEmpty()) {
      p.problem("regions", "is required for a regional deployment (or give geography)");
      return;
    }
    for (String r : profile.regions()) {
      if (!ProviderProfile.knownRegion(r)) {
        p.problem(
            "regions", "holds a region the SDK cannot place in US or EU; add geography: us or eu");
        return;
      }
    }
  }

  /**
   * True if the operator wrote {@code unknown}: the value is then treated as the strict case (human
   * review: yes; retention: unlimited).
   */
  private static boolean isUnknown(ProviderSettings p, String key) {
    if (!(p.raw(key).orElse(null) instanceof String v)) return false;
    if (!v.trim().equalsIgnoreCase("unknown")) return false;
    p.markRead(key);
    return true;
  }

  private static Optional<Baa> baa(ProviderSettings s) {
    String ref = s.requiredString("ref");
    Set<Modality> scope = modalities(s, "scope");
    LocalDate expires = null;
    Optional<String> e = s.string("expires");
    if (e.isPresent()) {
      try {
        expires = LocalDate.parse(e.get().trim());
      } catch (DateTimeParseException ex) {
        s.problem("expires", "must be a date such as 2027-12-31");
      }
    }
    return ref.isEmpty() ? Optional.empty() : Optional.of(new Baa(ref, scope, expires));
  }

  private static Set<Modality> modalities(ProviderSettings s, String key) {
    Set<Modality> out = EnumSet.noneOf(Modality.class);
    for (String m : s.stringList(key)) {
      enumValue(Modality.class, m)
          .ifPresentOrElse(
              out::add,
              () ->
                  s.problem(key, "must list only " + MODALITIES + " (also text, embedding, ...)"));
    }
    return out;
  }

  /** The enum constant named by the code, case-insensitively, with '-' read as '_'. */
  public static <E extends Enum<E>> Optional<E> enumValue(Class<E> type, String code) {
    try {
      return Optional.of(
          Enum.valueOf(type, code.trim().toUpperCase(Locale.ROOT).replace('-', '_')));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
