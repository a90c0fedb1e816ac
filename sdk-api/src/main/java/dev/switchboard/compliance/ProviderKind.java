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
   * The kind for a config or policy code: {@code cloud} or {@code cloud-direct} (also {@code
   * AZURE_DIRECT}), {@code cloud-partner} ({@code AZURE_PARTNER}), {@code on-prem} ({@code
   * ONPREM}), {@code mock}.
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
