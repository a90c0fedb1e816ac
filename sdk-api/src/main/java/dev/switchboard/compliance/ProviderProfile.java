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
  private final boolean humanReview;
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
    this.abuseMonitoringDays = b.abuseMonitoringDays;
    this.humanReview =
        b.humanReview != null ? b.humanReview : kind.isCloud() || kind == ProviderKind.UNDECLARED;
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

  /** Days the vendor keeps prompts and answers for abuse monitoring; 0 for none. */
  public int abuseMonitoringDays() {
    return abuseMonitoringDays;
  }

  /** True if the vendor's staff may review flagged prompts; cloud kinds default to true. */
  public boolean humanReview() {
    return humanReview;
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
   * True if all processing stays within the residency. On-prem and mock providers never leave the
   * hospital, so they satisfy every residency; only they satisfy {@link Residency#ONPREM}.
   */
  public boolean processesWithin(Residency residency) {
    if (kind == ProviderKind.ON_PREM || kind == ProviderKind.MOCK) return true;
    if (residency == Residency.ONPREM || kind == ProviderKind.UNDECLARED) return false;
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
        + (baa == null ? ", no BAA" : ", baa=" + baa.ref())
        + ", humanReview="
        + humanReview
        + ", env="
        + environment
        + "]";
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
    private Boolean humanReview;
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
      return this;
    }

    public Builder humanReview(boolean humanReview) {
      this.humanReview = humanReview;
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
