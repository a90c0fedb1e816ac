package dev.switchboard.compliance;

import java.util.Locale;
import java.util.Optional;

/**
 * Who runs a provider, which decides whether it is a business associate.
 *
 * @since 0.1
 */
public enum ProviderKind {
  /** A cloud service sold directly by the cloud vendor (Azure OpenAI, Foundry direct models). */
  CLOUD_DIRECT,
  /** A partner or community model on a cloud platform, possibly under the maker's terms. */
  CLOUD_PARTNER,
  /** A model hosted inside the hospital. */
  ON_PREM,
  /** The in-process mock. */
  MOCK,
  /** No profile was declared: eligible for nothing that needs a guarantee. */
  UNDECLARED;

  /**
   * The kind for a config or policy code. The one spelling every surface writes (config, policy,
   * audit records, exports) is the constant's name ({@code CLOUD_DIRECT}, {@code ON_PREM}, ...);
   * accepted on input too, case-insensitive, hyphen or underscore: {@code cloud} and {@code
   * AZURE_DIRECT} for {@code CLOUD_DIRECT}, {@code AZURE_PARTNER} for {@code CLOUD_PARTNER}, {@code
   * ONPREM} and {@code LOCAL} for {@code ON_PREM}.
   */
  public static Optional<ProviderKind> find(String code) {
    if (code == null) return Optional.empty();
    String c = code.trim().toUpperCase(Locale.ROOT).replace('-', '_');
    return Optional.ofNullable(
        switch (c) {
          case "CLOUD", "CLOUD_DIRECT", "AZURE_DIRECT" -> CLOUD_DIRECT;
          case "CLOUD_PARTNER", "AZURE_PARTNER" -> CLOUD_PARTNER;
          case "ON_PREM", "ONPREM", "LOCAL" -> ON_PREM;
          case "MOCK" -> MOCK;
          default -> null;
        });
  }

  /** True for the cloud kinds. */
  public boolean isCloud() {
    return this == CLOUD_DIRECT || this == CLOUD_PARTNER;
  }
}
