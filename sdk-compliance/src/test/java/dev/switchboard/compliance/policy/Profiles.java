package dev.switchboard.compliance.policy;

import dev.switchboard.compliance.Baa;
import dev.switchboard.compliance.DeploymentType;
import dev.switchboard.compliance.Modality;
import dev.switchboard.compliance.ProviderKind;
import dev.switchboard.compliance.ProviderProfile;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** Provider profiles that cover the cases the example policy distinguishes. */
final class Profiles {
  static final LocalDate TODAY = LocalDate.of(2026, 3, 1);
  static final Baa BAA = Baa.of("MSFT-BAA-2024", LocalDate.of(2027, 12, 31));
  static final Baa TEXT_ONLY_BAA =
      new Baa("MSFT-BAA-TEXT", Set.of(Modality.TEXT, Modality.EMBEDDING), null);

  static final Map<String, ProviderProfile> ALL = new LinkedHashMap<>();

  static {
    ALL.put(
        "global",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.GLOBAL)
            .build());
    ALL.put(
        "global-baa",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.GLOBAL)
            .baa(BAA)
            .humanReview(false)
            .build());
    ALL.put(
        "zone-us",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.DATAZONE_US)
            .regions("eastus", "eastus2")
            .baa(TEXT_ONLY_BAA)
            .humanReview(false)
            .build());
    ALL.put(
        "zone-us-review",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.DATAZONE_US)
            .baa(BAA)
            .abuseMonitoringDays(30)
            .build());
    ALL.put(
        "zone-us-expired",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.DATAZONE_US)
            .baa(Baa.of("OLD-BAA", LocalDate.of(2025, 12, 31)))
            .humanReview(false)
            .build());
    ALL.put(
        "zone-eu",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.DATAZONE_EU)
            .baa(BAA)
            .humanReview(false)
            .build());
    ALL.put(
        "regional-east",
        ProviderProfile.builder(ProviderKind.CLOUD_DIRECT)
            .deployment(DeploymentType.REGIONAL)
            .regions("eastus")
            .baa(BAA)
            .humanReview(false)
            .build());
    ALL.put(
        "partner",
        ProviderProfile.builder(ProviderKind.CLOUD_PARTNER)
            .deployment(DeploymentType.DATAZONE_US)
            .baa(BAA)
            .humanReview(false)
            .build());
    ALL.put("onprem", ProviderProfile.builder(ProviderKind.ON_PREM).country("US").build());
    ALL.put(
        "onprem-n",
        ProviderProfile.builder(ProviderKind.ON_PREM)
            .country("US")
            .maxConfidentiality(dev.switchboard.compliance.Confidentiality.N)
            .build());
    ALL.put("mock", ProviderProfile.builder(ProviderKind.MOCK).build());
    ALL.put("undeclared", ProviderProfile.UNDECLARED);
  }

  private Profiles() {}
}
