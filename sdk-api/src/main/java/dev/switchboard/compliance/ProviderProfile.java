package dev.switchboard.compliance;

import dev.switchboard.spi.Checks;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the compliance officer has established about a provider: who runs it, where it processes,
 * its BAA, the vendor's retention and human review, what it may see. The policy decides on these
 * facts, never on the provider's name. Immutable; built with {@link #builder(ProviderKind)} or read
 * from the {@code profile:} section of a provider in the config file.
 *
 * <pre>{@code
 * ProviderProfile foundryUs = ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
 *     .deployment(DeploymentType.DATAZONE_US)
 *     .regions("eastus", "eastus2")
 *     .baa(Baa.of("MSFT-BAA-2024", LocalDate.parse("2027-12-31")))
 *     .humanReview(false)
 *     .build();
 * }</pre>
 *
 * @since 0.1
 */
public final class ProviderProfile {
  /** The profile of a provider nobody described: no BAA, unknown deployment, production. */
  public static final ProviderProfile UNDECLARED = builder(ProviderKind.UNDECLARED).build();

  /** Azure region names and the data zone they belong to, for residency checks. */
  private static final Map<String, Residency> REGION_GEOGRAPHY = regionTable();

  private final ProviderKind kind;
  private final DeploymentType deployment;
  private final Set<String> regions;
  private final Residency geography;
  private final Baa baa;
  private final boolean qsoa;
  private final int abuseMonitoringDays;
  private final boolean abuseMonitoringKnown;
  private final boolean humanReview;
  private final boolean humanReviewKnown;
  private final String country;
  private final EndUserId endUserId;
  private final boolean trainsOnData;
  private final Set<Modality> modalities;
  private final ProviderEnvironment environment;
  private final Confidentiality maxConfidentiality;

  private ProviderProfile(Builder b) {
    this.kind = Checks.notNull(b.kind, "ProviderProfile.kind");
    this.deployment =
        b.deployment != null
            ? b.deployment
            : kind == ProviderKind.ON_PREM || kind == ProviderKind.MOCK
                ? DeploymentType.LOCAL
                : DeploymentType.GLOBAL;
    this.regions = Set.copyOf(b.regions);
    this.geography = b.geography;
    this.baa = b.baa;
    this.qsoa = b.qsoa;
    Checks.check(
        b.abuseMonitoringDays >= 0, "ProviderProfile.abuseMonitoringDays", "must not be negative");
    this.abuseMonitoringKnown = !b.abuseMonitoringUnknown;
    this.abuseMonitoringDays = b.abuseMonitoringUnknown ? Integer.MAX_VALUE : b.abuseMonitoringDays;
    this.humanReviewKnown = !b.humanReviewUnknown;
    // Unknown is the strict case: the vendor may review prompts.
    this.humanReview =
        b.humanReviewUnknown
            || (b.humanReview != null
                ? b.humanReview
                : kind.isCloud() || kind == ProviderKind.UNDECLARED);
    if (b.country != null) {
      Checks.check(
          b.country.matches("[A-Za-z]{2}"),
          "ProviderProfile.country",
          "must be an ISO 3166 two-letter country code such as US or DE");
    }
    this.country = b.country == null ? null : b.country.toUpperCase(Locale.ROOT);
    this.endUserId = b.endUserId;
    this.trainsOnData = b.trainsOnData;
    this.modalities = b.modalities.isEmpty() ? Set.of(Modality.values()) : Set.copyOf(b.modalities);
    this.environment =
        b.environment != null
            ? b.environment
            : kind == ProviderKind.MOCK ? ProviderEnvironment.TEST : ProviderEnvironment.PROD;
    this.maxConfidentiality =
        b.maxConfidentiality != null ? b.maxConfidentiality : Confidentiality.V;
  }

  /** A builder for a profile of the given kind. */
  public static Builder builder(ProviderKind kind) {
    return new Builder(kind);
  }

  public ProviderKind kind() {
    return kind;
  }

  /** Where inference runs; {@link DeploymentType#LOCAL} for on-prem and mock. */
  public DeploymentType deployment() {
    return deployment;
  }

  /** The regions that process the data (cloud region names). */
  public Set<String> regions() {
    return regions;
  }

  /** The BAA as declared, even if expired; see {@link #baaInForce}. */
  public Optional<Baa> baa() {
    return Optional.ofNullable(baa);
  }

  /** The BAA if it is in force on the given day: an expired BAA counts as none. */
  public Optional<Baa> baaInForce(LocalDate today) {
    return baa != null && baa.inForce(today) ? Optional.of(baa) : Optional.empty();
  }

  /** True if a qualified service organization agreement (42 CFR Part 2) is in place. */
  public boolean qsoa() {
    return qsoa;
  }

  /**
   * Days the vendor keeps prompts and answers for abuse monitoring; 0 for none; {@link
   * Integer#MAX_VALUE} when declared unknown (the strict case).
   */
  public int abuseMonitoringDays() {
    return abuseMonitoringDays;
  }

  /** False if the operator declared the abuse-monitoring retention unknown. */
  public boolean abuseMonitoringKnown() {
    return abuseMonitoringKnown;
  }

  /**
   * True if the vendor's staff may review flagged prompts; cloud kinds default to true, and a value
   * declared unknown counts as true (the strict case).
   */
  public boolean humanReview() {
    return humanReview;
  }

  /** False if the operator declared human review unknown. */
  public boolean humanReviewKnown() {
    return humanReviewKnown;
  }

  /**
   * The ISO 3166 country where the provider runs, as declared (on-prem providers declare it, so
   * residency rules apply to them like to any provider).
   */
  public Optional<String> country() {
    return Optional.ofNullable(country);
  }

  /** What this provider receives as the end-user id; {@link EndUserId#PSEUDONYM} by default. */
  public EndUserId endUserId() {
    return endUserId;
  }

  /** True if the vendor may train on the data. */
  public boolean trainsOnData() {
    return trainsOnData;
  }

  /** The modalities this provider is approved for; all by default. */
  public Set<Modality> modalities() {
    return modalities;
  }

  public ProviderEnvironment environment() {
    return environment;
  }

  /** The highest confidentiality this provider may receive; V (anything) by default. */
  public Confidentiality maxConfidentiality() {
    return maxConfidentiality;
  }

  /**
   * True if all processing stays within the residency. Residency applies to on-prem providers as to
   * any: one satisfies US or EU only if it declares a country in that geography (a hospital may run
   * servers abroad). Only on-prem and mock providers satisfy {@link Residency#ONPREM}. The one
   * exemption is a mock in a test environment, which processes nothing real.
   */
  public boolean processesWithin(Residency residency) {
    if (kind == ProviderKind.MOCK && environment == ProviderEnvironment.TEST) return true;
    if (kind == ProviderKind.ON_PREM || kind == ProviderKind.MOCK) {
      if (residency == Residency.ONPREM) return true;
      return country != null && COUNTRY_GEOGRAPHY.get(country) == residency;
    }
    if (residency == Residency.ONPREM || kind == ProviderKind.UNDECLARED) return false;
    if (country != null && COUNTRY_GEOGRAPHY.get(country) != residency) return false;
    return switch (deployment) {
      case GLOBAL, LOCAL -> false;
      case DATAZONE_US -> residency == Residency.US;
      case DATAZONE_EU -> residency == Residency.EU;
      case REGIONAL -> regionalWithin(residency);
    };
  }

  private boolean regionalWithin(Residency residency) {
    if (geography != null) return geography == residency;
    if (regions.isEmpty()) return false;
    for (String r : regions) {
      if (REGION_GEOGRAPHY.get(r.toLowerCase(Locale.ROOT)) != residency) return false;
    }
    return true;
  }

  /** True if the region name is one the SDK can place in a geography. */
  public static boolean knownRegion(String region) {
    return REGION_GEOGRAPHY.containsKey(region.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "ProviderProfile["
        + kind
        + ", "
        + deployment
        + (regions.isEmpty() ? "" : ", regions=" + regions)
        + (country == null ? "" : ", country=" + country)
        + (baa == null ? ", no BAA" : ", baa=" + baa.ref())
        + ", humanReview="
        + humanReview
        + ", env="
        + environment
        + "]";
  }

  /** The geography of a country code: US, or an EU member state; null for others. */
  private static final Map<String, Residency> COUNTRY_GEOGRAPHY = countryTable();

  private static Map<String, Residency> countryTable() {
    Map<String, Residency> m = new java.util.HashMap<>();
    m.put("US", Residency.US);
    for (String c :
        List.of(
            "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE",
            "IT", "LV", "LT", "LU", "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE")) {
      m.put(c, Residency.EU);
    }
    return Map.copyOf(m);
  }

  private static Map<String, Residency> regionTable() {
    Map<String, Residency> m = new java.util.HashMap<>();
    for (String r :
        List.of(
            "eastus",
            "eastus2",
            "westus",
            "westus2",
            "westus3",
            "centralus",
            "northcentralus",
            "southcentralus",
            "westcentralus",
            "usgovvirginia",
            "usgovarizona",
            "usgovtexas")) {
      m.put(r, Residency.US);
    }
    for (String r :
        List.of(
            "westeurope",
            "northeurope",
            "francecentral",
            "francesouth",
            "germanywestcentral",
            "germanynorth",
            "swedencentral",
            "swedensouth",
            "italynorth",
            "polandcentral",
            "spaincentral",
            "austriaeast",
            "belgiumcentral",
            "denmarkeast")) {
      m.put(r, Residency.EU);
    }
    return Map.copyOf(m);
  }

  /** Builds a {@link ProviderProfile}. Not thread-safe. */
  public static final class Builder {
    private final ProviderKind kind;
    private DeploymentType deployment;
    private final Set<String> regions = new LinkedHashSet<>();
    private Residency geography;
    private Baa baa;
    private boolean qsoa;
    private int abuseMonitoringDays;
    private boolean abuseMonitoringUnknown;
    private Boolean humanReview;
    private boolean humanReviewUnknown;
    private String country;
    private EndUserId endUserId = EndUserId.PSEUDONYM;
    private boolean trainsOnData;
    private final Set<Modality> modalities = EnumSet.noneOf(Modality.class);
    private ProviderEnvironment environment;
    private Confidentiality maxConfidentiality;

    private Builder(ProviderKind kind) {
      this.kind = kind;
    }

    public Builder deployment(DeploymentType deployment) {
      this.deployment = deployment;
      return this;
    }

    public Builder regions(String... regions) {
      this.regions.addAll(List.of(regions));
      return this;
    }

    public Builder regions(Iterable<String> regions) {
      regions.forEach(this.regions::add);
      return this;
    }

    /** The geography of regions the SDK does not know, for a regional deployment. */
    public Builder geography(Residency geography) {
      this.geography = geography;
      return this;
    }

    public Builder baa(Baa baa) {
      this.baa = baa;
      return this;
    }

    public Builder qsoa(boolean qsoa) {
      this.qsoa = qsoa;
      return this;
    }

    public Builder abuseMonitoringDays(int days) {
      this.abuseMonitoringDays = days;
      this.abuseMonitoringUnknown = false;
      return this;
    }

    public Builder humanReview(boolean humanReview) {
      this.humanReview = humanReview;
      this.humanReviewUnknown = false;
      return this;
    }

    /** Nobody knows whether the vendor's staff may review prompts: treated as yes. */
    public Builder humanReviewUnknown() {
      this.humanReviewUnknown = true;
      return this;
    }

    /** Nobody knows how long the vendor keeps prompts for abuse monitoring: treated as forever. */
    public Builder abuseMonitoringUnknown() {
      this.abuseMonitoringUnknown = true;
      return this;
    }

    /** What the provider receives as the end-user id (the operator's per-provider choice). */
    public Builder endUserId(EndUserId endUserId) {
      this.endUserId = Checks.notNull(endUserId, "ProviderProfile.endUserId");
      return this;
    }

    /** The ISO 3166 two-letter country the provider runs in, such as {@code US}. */
    public Builder country(String country) {
      this.country = country;
      return this;
    }

    /** Where in its country an on-prem provider runs (a site or state), kept with the regions. */
    public Builder region(String region) {
      this.regions.add(region);
      return this;
    }

    public Builder trainsOnData(boolean trainsOnData) {
      this.trainsOnData = trainsOnData;
      return this;
    }

    public Builder modalities(Modality... modalities) {
      this.modalities.addAll(List.of(modalities));
      return this;
    }

    public Builder environment(ProviderEnvironment environment) {
      this.environment = environment;
      return this;
    }

    public Builder maxConfidentiality(Confidentiality max) {
      this.maxConfidentiality = max;
      return this;
    }

    /**
     * Builds the profile.
     *
     * @throws IllegalArgumentException naming an invalid field
     */
    public ProviderProfile build() {
      return new ProviderProfile(this);
    }
  }
}
